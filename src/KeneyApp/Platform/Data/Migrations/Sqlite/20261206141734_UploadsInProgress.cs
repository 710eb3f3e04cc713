using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UploadsInProgress : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "uploads_in_progress",
                columns: table => new
                {
                    storage_key = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    started_at = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_uploads_in_progress", x => x.storage_key);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "uploads_in_progress");
        }
    }
}
