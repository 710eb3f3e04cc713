using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DocumentRelease : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "released_at",
                table: "documents",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "released_by_id",
                table: "documents",
                type: "integer",
                nullable: true);

            // Documents added before release existed were already their patients': they stay visible.
            migrationBuilder.Sql("UPDATE documents SET released_at = created_at, released_by_id = uploaded_by_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "released_at",
                table: "documents");

            migrationBuilder.DropColumn(
                name: "released_by_id",
                table: "documents");
        }
    }
}
