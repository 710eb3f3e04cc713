using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Sqlite
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
