using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NotificationClaimId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "claim_id",
                table: "notifications",
                type: "uuid",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "claim_id",
                table: "notifications");
        }
    }
}
