using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TransactionalEmailsAsNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "sealed_content",
                table: "notifications",
                type: "TEXT",
                maxLength: 65536,
                nullable: true);

            // The e-mails of the former table move into the notifications' outbox with their history: unsent ones are
            // sent from there (their sealed content opens under the same purpose), sent and abandoned ones stay in the
            // delivery log. Every such mail belonged to a clinic.
            migrationBuilder.Sql("""
                INSERT INTO notifications (tenant_id, recipient_user_id, type, channel, template, status, idempotency_key,
                    attempts, next_attempt_at, created_at, sent_at, last_error, sealed_content)
                SELECT tenant_id, recipient_user_id, kind, 'email', kind || '.sealed',
                    CASE WHEN sent_at IS NOT NULL THEN 'sent' WHEN abandoned_at IS NULL THEN 'pending'
                         WHEN attempts >= 8 THEN 'failed' ELSE 'cancelled' END,
                    'outgoing_email:' || CAST(id AS VARCHAR(20)), attempts, next_attempt_at, created_at, sent_at,
                    SUBSTR(last_error, 1, 64), sealed_content
                FROM outgoing_emails WHERE tenant_id IS NOT NULL;
                """);

            migrationBuilder.DropTable(
                name: "outgoing_emails");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "sealed_content",
                table: "notifications");

            migrationBuilder.CreateTable(
                name: "outgoing_emails",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    abandoned_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    claimed_until = table.Column<DateTime>(type: "TEXT", nullable: true),
                    created_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    last_error = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    next_attempt_at = table.Column<DateTime>(type: "TEXT", nullable: false),
                    recipient_user_id = table.Column<int>(type: "INTEGER", nullable: true),
                    sealed_content = table.Column<string>(type: "TEXT", maxLength: 65536, nullable: true),
                    sent_at = table.Column<DateTime>(type: "TEXT", nullable: true),
                    tenant_id = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_outgoing_emails", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outgoing_emails_next_attempt_at",
                table: "outgoing_emails",
                column: "next_attempt_at",
                filter: "sent_at IS NULL AND abandoned_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_outgoing_emails_recipient_user_id_kind",
                table: "outgoing_emails",
                columns: new[] { "recipient_user_id", "kind" });
        }
    }
}
