using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class HiLoIdsAndLeanerMessageIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_receiver_id",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_sender_id",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_tenant_id_receiver_id_created_at",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_tenant_id_sender_id_created_at",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_tenant_id_thread_id",
                table: "messages");

            migrationBuilder.CreateSequence(
                name: "client_assigned_ids",
                incrementBy: 100);

            migrationBuilder.AlterColumn<long>(
                name: "id",
                table: "outbox_messages",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint")
                .OldAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            migrationBuilder.AlterColumn<int>(
                name: "id",
                table: "messages",
                type: "integer",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "integer")
                .OldAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            migrationBuilder.AlterColumn<int>(
                name: "id",
                table: "message_threads",
                type: "integer",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "integer")
                .OldAnnotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            // Rows written before this migration took identity ids: the hi-lo blocks start above all of them.
            migrationBuilder.Sql("""
                SELECT setval('client_assigned_ids', 1 + GREATEST(
                    (SELECT coalesce(max(id), 0) FROM messages),
                    (SELECT coalesce(max(id), 0) FROM message_threads),
                    (SELECT coalesce(max(id), 0) FROM outbox_messages)), false);
                """);

            migrationBuilder.CreateIndex(
                name: "ix_messages_receiver_id_created_at",
                table: "messages",
                columns: new[] { "receiver_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_messages_sender_id_receiver_id_created_at_id",
                table: "messages",
                columns: new[] { "sender_id", "receiver_id", "created_at", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_receiver_id_created_at",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_sender_id_receiver_id_created_at_id",
                table: "messages");

            migrationBuilder.DropSequence(
                name: "client_assigned_ids");

            migrationBuilder.AlterColumn<long>(
                name: "id",
                table: "outbox_messages",
                type: "bigint",
                nullable: false,
                oldClrType: typeof(long),
                oldType: "bigint")
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            migrationBuilder.AlterColumn<int>(
                name: "id",
                table: "messages",
                type: "integer",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "integer")
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            migrationBuilder.AlterColumn<int>(
                name: "id",
                table: "message_threads",
                type: "integer",
                nullable: false,
                oldClrType: typeof(int),
                oldType: "integer")
                .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);

            // Identity counters restart at 1: move them past the ids the hi-lo blocks handed out.
            migrationBuilder.Sql("""
                SELECT setval(pg_get_serial_sequence('messages', 'id'), GREATEST((SELECT max(id) FROM messages), 1));
                SELECT setval(pg_get_serial_sequence('message_threads', 'id'), GREATEST((SELECT max(id) FROM message_threads), 1));
                SELECT setval(pg_get_serial_sequence('outbox_messages', 'id'), GREATEST((SELECT max(id) FROM outbox_messages), 1));
                """);

            migrationBuilder.CreateIndex(
                name: "ix_messages_receiver_id",
                table: "messages",
                column: "receiver_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_sender_id",
                table: "messages",
                column: "sender_id");

            migrationBuilder.CreateIndex(
                name: "ix_messages_tenant_id_receiver_id_created_at",
                table: "messages",
                columns: new[] { "tenant_id", "receiver_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_messages_tenant_id_sender_id_created_at",
                table: "messages",
                columns: new[] { "tenant_id", "sender_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_messages_tenant_id_thread_id",
                table: "messages",
                columns: new[] { "tenant_id", "thread_id" });
        }
    }
}
