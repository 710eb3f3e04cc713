using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class RecordShares : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "record_shares",
                columns: table => new
                {
                    id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: false),
                    patient_id = table.Column<int>(type: "INTEGER", nullable: false),
                    created_by_id = table.Column<int>(type: "INTEGER", nullable: false),
                    scope = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    custom_resources = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    token_hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    require_pin = table.Column<bool>(type: "INTEGER", nullable: false),
                    pin_hmac = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    secret_key_id = table.Column<int>(type: "INTEGER", nullable: false),
                    recipient_email_encrypted = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    recipient_name_encrypted = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    purpose_encrypted = table.Column<string>(type: "TEXT", maxLength: 4096, nullable: true),
                    notes_encrypted = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: true),
                    status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    expires_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    access_count = table.Column<int>(type: "INTEGER", nullable: false),
                    max_access_count = table.Column<int>(type: "INTEGER", nullable: true),
                    failed_pin_attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    last_accessed_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    last_accessed_ip = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    consent_given = table.Column<bool>(type: "INTEGER", nullable: false),
                    consent_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    consent_recorded_by_id = table.Column<int>(type: "INTEGER", nullable: false),
                    email_code_hmac = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    email_code_expires_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    email_code_failures = table.Column<int>(type: "INTEGER", nullable: false),
                    email_codes_sent = table.Column<int>(type: "INTEGER", nullable: false),
                    email_codes_window_start = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    updated_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    revoked_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    revoked_by_id = table.Column<int>(type: "INTEGER", nullable: true),
                    locked_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    secrets_purged_at = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_record_shares", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_tenant_id_resource_type_resource_id",
                table: "audit_entries",
                columns: new[] { "tenant_id", "resource_type", "resource_id" });

            migrationBuilder.CreateIndex(
                name: "ix_record_shares_status_expires_at",
                table: "record_shares",
                columns: new[] { "status", "expires_at" });

            migrationBuilder.CreateIndex(
                name: "ix_record_shares_tenant_id_created_by_id_created_at",
                table: "record_shares",
                columns: new[] { "tenant_id", "created_by_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_record_shares_tenant_id_patient_id_created_at",
                table: "record_shares",
                columns: new[] { "tenant_id", "patient_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_record_shares_token_hash",
                table: "record_shares",
                column: "token_hash",
                unique: true,
                filter: "token_hash IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "record_shares");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_tenant_id_resource_type_resource_id",
                table: "audit_entries");
        }
    }
}
