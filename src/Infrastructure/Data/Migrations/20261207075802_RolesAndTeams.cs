using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class RolesAndTeams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_agents_business_id",
                table: "agents");

            migrationBuilder.AddColumn<Guid[]>(
                name: "agent_ids",
                table: "calls",
                type: "uuid[]",
                nullable: false,
                defaultValueSql: "'{}'::uuid[]");

            migrationBuilder.AddColumn<string>(
                name: "parent_call_sid",
                table: "calls",
                type: "character varying(34)",
                maxLength: 34,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "agents_see",
                table: "businesses",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Business");

            migrationBuilder.AlterColumn<string>(
                name: "call_sid",
                table: "audit_entries",
                type: "character varying(34)",
                maxLength: 34,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(34)",
                oldMaxLength: 34);

            migrationBuilder.AlterColumn<string>(
                name: "action",
                table: "audit_entries",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(16)",
                oldMaxLength: 16);

            migrationBuilder.AddColumn<string>(
                name: "detail",
                table: "audit_entries",
                type: "character varying(1024)",
                maxLength: 1024,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "target",
                table: "audit_entries",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "created_at",
                table: "agents",
                type: "timestamp with time zone",
                nullable: false,
                // Accounts created before this migration: when it ran is the best known.
                defaultValueSql: "now()");

            migrationBuilder.AddColumn<string>(
                name: "role",
                table: "agents",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Agent");

            migrationBuilder.AddColumn<string>(
                name: "line",
                table: "calls",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true,
                computedColumnSql: "CASE WHEN direction = 'Inbound' THEN \"to\" ELSE \"from\" END",
                stored: true);

            migrationBuilder.CreateTable(
                name: "account_identities",
                columns: table => new
                {
                    business_id = table.Column<Guid>(type: "uuid", nullable: false),
                    identity = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_account_identities", x => new { x.business_id, x.identity });
                    table.ForeignKey(
                        name: "fk_account_identities_asp_net_users_account_id",
                        column: x => x.account_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_account_identities_businesses_business_id",
                        column: x => x.business_id,
                        principalTable: "businesses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "teams",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    business_id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_teams", x => x.id);
                    table.ForeignKey(
                        name: "fk_teams_businesses_business_id",
                        column: x => x.business_id,
                        principalTable: "businesses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "team_members",
                columns: table => new
                {
                    team_id = table.Column<Guid>(type: "uuid", nullable: false),
                    account_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_team_members", x => new { x.team_id, x.account_id });
                    table.ForeignKey(
                        name: "fk_team_members_agents_account_id",
                        column: x => x.account_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_team_members_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "team_phone_numbers",
                columns: table => new
                {
                    number = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_team_phone_numbers", x => x.number);
                    table.ForeignKey(
                        name: "fk_team_phone_numbers_business_phone_numbers_number",
                        column: x => x.number,
                        principalTable: "business_phone_numbers",
                        principalColumn: "number",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_team_phone_numbers_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "team_supervisors",
                columns: table => new
                {
                    account_id = table.Column<Guid>(type: "uuid", nullable: false),
                    team_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_team_supervisors", x => new { x.team_id, x.account_id });
                    table.ForeignKey(
                        name: "fk_team_supervisors_agents_account_id",
                        column: x => x.account_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_team_supervisors_teams_team_id",
                        column: x => x.team_id,
                        principalTable: "teams",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_calls_agent_ids",
                table: "calls",
                column: "agent_ids")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_calls_line",
                table: "calls",
                columns: new[] { "business_id", "line", "listed_at" },
                descending: new[] { false, false, true });

            migrationBuilder.CreateIndex(
                name: "ix_calls_parent_call_sid",
                table: "calls",
                column: "parent_call_sid",
                filter: "parent_call_sid IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_agents_business_id_role",
                table: "agents",
                columns: new[] { "business_id", "role" });

            migrationBuilder.CreateIndex(
                name: "ix_account_identities_account_id",
                table: "account_identities",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_team_members_account_id",
                table: "team_members",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_team_phone_numbers_team_id",
                table: "team_phone_numbers",
                column: "team_id");

            migrationBuilder.CreateIndex(
                name: "ix_team_supervisors_account_id",
                table: "team_supervisors",
                column: "account_id");

            migrationBuilder.CreateIndex(
                name: "ix_teams_business_id_name",
                table: "teams",
                columns: new[] { "business_id", "name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "account_identities");

            migrationBuilder.DropTable(
                name: "team_members");

            migrationBuilder.DropTable(
                name: "team_phone_numbers");

            migrationBuilder.DropTable(
                name: "team_supervisors");

            migrationBuilder.DropTable(
                name: "teams");

            migrationBuilder.DropIndex(
                name: "ix_calls_agent_ids",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_line",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_calls_parent_call_sid",
                table: "calls");

            migrationBuilder.DropIndex(
                name: "ix_agents_business_id_role",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "line",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "agent_ids",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "parent_call_sid",
                table: "calls");

            migrationBuilder.DropColumn(
                name: "agents_see",
                table: "businesses");

            migrationBuilder.DropColumn(
                name: "detail",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "target",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "created_at",
                table: "agents");

            migrationBuilder.DropColumn(
                name: "role",
                table: "agents");

            migrationBuilder.AlterColumn<string>(
                name: "call_sid",
                table: "audit_entries",
                type: "character varying(34)",
                maxLength: 34,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(34)",
                oldMaxLength: 34,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "action",
                table: "audit_entries",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.CreateIndex(
                name: "ix_agents_business_id",
                table: "agents",
                column: "business_id");
        }
    }
}
