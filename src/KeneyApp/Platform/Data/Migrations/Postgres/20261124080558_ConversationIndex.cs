using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ConversationIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_sender_id_receiver_id_created_at_id",
                table: "messages");

            migrationBuilder.AddColumn<int>(
                name: "high_user_id",
                table: "messages",
                type: "integer",
                nullable: false,
                computedColumnSql: "CASE WHEN sender_id < receiver_id THEN receiver_id ELSE sender_id END",
                stored: true);

            migrationBuilder.AddColumn<int>(
                name: "low_user_id",
                table: "messages",
                type: "integer",
                nullable: false,
                computedColumnSql: "CASE WHEN sender_id < receiver_id THEN sender_id ELSE receiver_id END",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "ix_messages_low_user_id_high_user_id_created_at_id",
                table: "messages",
                columns: new[] { "low_user_id", "high_user_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_messages_sender_id_created_at",
                table: "messages",
                columns: new[] { "sender_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_messages_low_user_id_high_user_id_created_at_id",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_sender_id_created_at",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "high_user_id",
                table: "messages");

            migrationBuilder.DropColumn(
                name: "low_user_id",
                table: "messages");

            migrationBuilder.CreateIndex(
                name: "ix_messages_sender_id_receiver_id_created_at_id",
                table: "messages",
                columns: new[] { "sender_id", "receiver_id", "created_at", "id" });
        }
    }
}
