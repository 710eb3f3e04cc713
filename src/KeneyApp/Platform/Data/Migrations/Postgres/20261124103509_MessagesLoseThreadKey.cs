using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MessagesLoseThreadKey : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_messages_message_thread_thread_id",
                table: "messages");

            migrationBuilder.DropIndex(
                name: "ix_messages_thread_id",
                table: "messages");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_messages_thread_id",
                table: "messages",
                column: "thread_id");

            migrationBuilder.AddForeignKey(
                name: "fk_messages_message_thread_thread_id",
                table: "messages",
                column: "thread_id",
                principalTable: "message_threads",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
