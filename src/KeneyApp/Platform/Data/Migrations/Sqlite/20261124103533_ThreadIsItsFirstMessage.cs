using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ThreadIsItsFirstMessage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // A thread is now named by its first message, the one that answers nothing (or, should a thread have
            // no such message, its lowest id). Through a copy of the roots, so that no row is matched against a
            // thread id this same update has just written. (A migration of its own on both databases: SQLite
            // rebuilds the table to drop the foreign key only after the migration's other steps.)
            migrationBuilder.Sql("""
                CREATE TEMP TABLE thread_roots AS
                SELECT thread_id, COALESCE(min(id) FILTER (WHERE reply_to_id IS NULL), min(id)) AS id FROM messages GROUP BY thread_id;
                UPDATE messages SET thread_id = thread_roots.id FROM thread_roots WHERE thread_roots.thread_id = messages.thread_id;
                DROP TABLE thread_roots;
                """);

            migrationBuilder.DropTable(
                name: "message_threads");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "message_threads",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_message_threads", x => x.id);
                });

            migrationBuilder.Sql("""
                INSERT INTO message_threads (id, tenant_id, created_at)
                SELECT thread_id, min(tenant_id), min(created_at) FROM messages GROUP BY thread_id;
                """);
        }
    }
}
