using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class RecordingStorageKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "recording_storage_key",
                table: "calls",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            // Recordings stored before keys had a business in them stay where they are: {callSid}.mp3. Downloading
            // ones get their key when their job starts again.
            migrationBuilder.Sql(
                "UPDATE calls SET recording_storage_key = call_sid || '.mp3' WHERE recording_state = 'Ready' AND recording_storage_key IS NULL;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "recording_storage_key",
                table: "calls");
        }
    }
}
