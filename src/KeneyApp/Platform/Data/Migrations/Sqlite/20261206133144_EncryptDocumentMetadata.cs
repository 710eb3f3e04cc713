using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KeneyApp.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EncryptDocumentMetadata : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "extracted_metadata",
                table: "documents",
                newName: "extracted_metadata_encrypted");
            // Metadata written before this version is in clear and would not open: cleared rather than kept in clear.
            migrationBuilder.Sql("UPDATE documents SET extracted_metadata_encrypted = NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "extracted_metadata_encrypted",
                table: "documents",
                newName: "extracted_metadata");
        }
    }
}
