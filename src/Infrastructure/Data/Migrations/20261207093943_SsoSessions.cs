using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class SsoSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "sso_issuer",
                table: "agent_sessions",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sso_session",
                table: "agent_sessions",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "sso_subject",
                table: "agent_sessions",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_agent_sessions_sso_issuer_sso_session",
                table: "agent_sessions",
                columns: new[] { "sso_issuer", "sso_session" });

            migrationBuilder.CreateIndex(
                name: "ix_agent_sessions_sso_issuer_sso_subject",
                table: "agent_sessions",
                columns: new[] { "sso_issuer", "sso_subject" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_agent_sessions_sso_issuer_sso_session",
                table: "agent_sessions");

            migrationBuilder.DropIndex(
                name: "ix_agent_sessions_sso_issuer_sso_subject",
                table: "agent_sessions");

            migrationBuilder.DropColumn(
                name: "sso_issuer",
                table: "agent_sessions");

            migrationBuilder.DropColumn(
                name: "sso_session",
                table: "agent_sessions");

            migrationBuilder.DropColumn(
                name: "sso_subject",
                table: "agent_sessions");
        }
    }
}
