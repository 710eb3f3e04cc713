using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ClinicalRecordsAndAuditSeal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "activation_expires_at",
                table: "users",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "activation_token_hash",
                table: "users",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "key_id",
                table: "audit_entries",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "audit_head",
                columns: table => new
                {
                    chain_id = table.Column<int>(type: "integer", nullable: false),
                    sequence = table.Column<long>(type: "bigint", nullable: false),
                    hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_head", x => x.chain_id);
                });

            migrationBuilder.CreateTable(
                name: "patient",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    first_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    search_name = table.Column<string>(type: "character varying(201)", maxLength: 201, nullable: false),
                    date_of_birth = table.Column<DateOnly>(type: "date", nullable: false),
                    gender = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    phone = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    blood_type = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    ins_number = table.Column<string>(type: "character varying(15)", maxLength: 15, nullable: true),
                    preferred_language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    timezone = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    address_encrypted = table.Column<string>(type: "text", nullable: true),
                    medical_history_encrypted = table.Column<string>(type: "text", nullable: true),
                    allergies_encrypted = table.Column<string>(type: "text", nullable: true),
                    emergency_contact_encrypted = table.Column<string>(type: "text", nullable: true),
                    emergency_phone_encrypted = table.Column<string>(type: "text", nullable: true),
                    created_by_id = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_patient", x => x.id);
                    table.ForeignKey(
                        name: "fk_patient_tenants_tenant_id",
                        column: x => x.tenant_id,
                        principalTable: "tenants",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "vaccine_catalogue",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    booster_interval_days = table.Column<int>(type: "integer", nullable: true),
                    reminder_lead_days = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vaccine_catalogue", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "appointment",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    patient_id = table.Column<int>(type: "integer", nullable: false),
                    doctor_id = table.Column<int>(type: "integer", nullable: false),
                    appointment_date = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    duration_minutes = table.Column<int>(type: "integer", nullable: false),
                    ends_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    notes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    created_by_id = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_appointment", x => x.id);
                    table.ForeignKey(
                        name: "fk_appointment_patient_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patient",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_appointment_users_doctor_id",
                        column: x => x.doctor_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "prescription",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    patient_id = table.Column<int>(type: "integer", nullable: false),
                    doctor_id = table.Column<int>(type: "integer", nullable: false),
                    medication_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    atc_code = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: true),
                    dosage = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    frequency = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    duration_days = table.Column<int>(type: "integer", nullable: false),
                    start_date = table.Column<DateOnly>(type: "date", nullable: false),
                    end_date = table.Column<DateOnly>(type: "date", nullable: false),
                    refills = table.Column<int>(type: "integer", nullable: false),
                    instructions = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    cancelled_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    cancelled_by_id = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_prescription", x => x.id);
                    table.ForeignKey(
                        name: "fk_prescription_patient_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patient",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_prescription_users_doctor_id",
                        column: x => x.doctor_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "vaccination",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    tenant_id = table.Column<int>(type: "integer", nullable: false),
                    patient_id = table.Column<int>(type: "integer", nullable: false),
                    vaccine_code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    vaccine_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    dose_number = table.Column<int>(type: "integer", nullable: false),
                    administered_on = table.Column<DateOnly>(type: "date", nullable: false),
                    lot_number = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    next_due_on = table.Column<DateOnly>(type: "date", nullable: true),
                    administered_by_id = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    deleted_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_vaccination", x => x.id);
                    table.ForeignKey(
                        name: "fk_vaccination_patient_patient_id",
                        column: x => x.patient_id,
                        principalTable: "patient",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_vaccination_users_administered_by_id",
                        column: x => x.administered_by_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_users_activation_token_hash",
                table: "users",
                column: "activation_token_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_users_patient_id",
                table: "users",
                column: "patient_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_appointment_doctor_id",
                table: "appointment",
                column: "doctor_id");

            migrationBuilder.CreateIndex(
                name: "ix_appointment_patient_id",
                table: "appointment",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_appointment_tenant_id_doctor_id_appointment_date",
                table: "appointment",
                columns: new[] { "tenant_id", "doctor_id", "appointment_date" });

            migrationBuilder.CreateIndex(
                name: "ix_appointment_tenant_id_patient_id_appointment_date",
                table: "appointment",
                columns: new[] { "tenant_id", "patient_id", "appointment_date" });

            migrationBuilder.CreateIndex(
                name: "ix_patient_tenant_id_date_of_birth",
                table: "patient",
                columns: new[] { "tenant_id", "date_of_birth" });

            migrationBuilder.CreateIndex(
                name: "ix_patient_tenant_id_email",
                table: "patient",
                columns: new[] { "tenant_id", "email" });

            migrationBuilder.CreateIndex(
                name: "ix_patient_tenant_id_ins_number",
                table: "patient",
                columns: new[] { "tenant_id", "ins_number" });

            migrationBuilder.CreateIndex(
                name: "ix_patient_tenant_id_phone",
                table: "patient",
                columns: new[] { "tenant_id", "phone" });

            migrationBuilder.CreateIndex(
                name: "ix_patient_tenant_id_search_name",
                table: "patient",
                columns: new[] { "tenant_id", "search_name" });

            migrationBuilder.CreateIndex(
                name: "ix_prescription_doctor_id",
                table: "prescription",
                column: "doctor_id");

            migrationBuilder.CreateIndex(
                name: "ix_prescription_patient_id",
                table: "prescription",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_prescription_tenant_id_end_date",
                table: "prescription",
                columns: new[] { "tenant_id", "end_date" });

            migrationBuilder.CreateIndex(
                name: "ix_prescription_tenant_id_patient_id_end_date",
                table: "prescription",
                columns: new[] { "tenant_id", "patient_id", "end_date" });

            migrationBuilder.CreateIndex(
                name: "ix_vaccination_administered_by_id",
                table: "vaccination",
                column: "administered_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_vaccination_patient_id",
                table: "vaccination",
                column: "patient_id");

            migrationBuilder.CreateIndex(
                name: "ix_vaccination_tenant_id_next_due_on",
                table: "vaccination",
                columns: new[] { "tenant_id", "next_due_on" });

            migrationBuilder.CreateIndex(
                name: "ix_vaccination_tenant_id_patient_id_administered_on",
                table: "vaccination",
                columns: new[] { "tenant_id", "patient_id", "administered_on" });

            migrationBuilder.CreateIndex(
                name: "ix_vaccine_catalogue_tenant_id_code",
                table: "vaccine_catalogue",
                columns: new[] { "tenant_id", "code" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "fk_users_patient_patient_id",
                table: "users",
                column: "patient_id",
                principalTable: "patient",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_users_patient_patient_id",
                table: "users");

            migrationBuilder.DropTable(
                name: "appointment");

            migrationBuilder.DropTable(
                name: "audit_head");

            migrationBuilder.DropTable(
                name: "prescription");

            migrationBuilder.DropTable(
                name: "vaccination");

            migrationBuilder.DropTable(
                name: "vaccine_catalogue");

            migrationBuilder.DropTable(
                name: "patient");

            migrationBuilder.DropIndex(
                name: "ix_users_activation_token_hash",
                table: "users");

            migrationBuilder.DropIndex(
                name: "ix_users_patient_id",
                table: "users");

            migrationBuilder.DropColumn(
                name: "activation_expires_at",
                table: "users");

            migrationBuilder.DropColumn(
                name: "activation_token_hash",
                table: "users");

            migrationBuilder.DropColumn(
                name: "key_id",
                table: "audit_entries");
        }
    }
}
