using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Recordings.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "businesses",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_businesses", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "agents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    business_id = table.Column<Guid>(type: "uuid", nullable: false),
                    display_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_user_name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    normalized_email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    email_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    password_hash = table.Column<string>(type: "text", nullable: true),
                    security_stamp = table.Column<string>(type: "text", nullable: true),
                    concurrency_stamp = table.Column<string>(type: "text", nullable: true),
                    phone_number = table.Column<string>(type: "text", nullable: true),
                    phone_number_confirmed = table.Column<bool>(type: "boolean", nullable: false),
                    two_factor_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    lockout_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lockout_enabled = table.Column<bool>(type: "boolean", nullable: false),
                    access_failed_count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agents", x => x.id);
                    table.ForeignKey(
                        name: "fk_agents_businesses_business_id",
                        column: x => x.business_id,
                        principalTable: "businesses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "business_phone_numbers",
                columns: table => new
                {
                    number = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    business_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_business_phone_numbers", x => x.number);
                    table.ForeignKey(
                        name: "fk_business_phone_numbers_businesses_business_id",
                        column: x => x.business_id,
                        principalTable: "businesses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "calls",
                columns: table => new
                {
                    call_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    account_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: false),
                    business_id = table.Column<Guid>(type: "uuid", nullable: true),
                    from = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    to = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    direction = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    duration_seconds = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    recording_recording_sid = table.Column<string>(type: "character varying(34)", maxLength: 34, nullable: true),
                    recording_recording_url = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    recording_state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    recording_duration_seconds = table.Column<int>(type: "integer", nullable: true),
                    recording_channels = table.Column<int>(type: "integer", nullable: true),
                    recording_completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    recording_bytes_downloaded = table.Column<long>(type: "bigint", nullable: true),
                    recording_total_bytes = table.Column<long>(type: "bigint", nullable: true),
                    recording_error = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    transcript_state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    summary_state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_calls", x => x.call_sid);
                    table.ForeignKey(
                        name: "fk_calls_businesses_business_id",
                        column: x => x.business_id,
                        principalTable: "businesses",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "agent_claims",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    claim_type = table.Column<string>(type: "text", nullable: true),
                    claim_value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_claims", x => x.id);
                    table.ForeignKey(
                        name: "fk_agent_claims_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agent_logins",
                columns: table => new
                {
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    provider_key = table.Column<string>(type: "text", nullable: false),
                    provider_display_name = table.Column<string>(type: "text", nullable: true),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_logins", x => new { x.login_provider, x.provider_key });
                    table.ForeignKey(
                        name: "fk_agent_logins_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "agent_tokens",
                columns: table => new
                {
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    login_provider = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    value = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_agent_tokens", x => new { x.user_id, x.login_provider, x.name });
                    table.ForeignKey(
                        name: "fk_agent_tokens_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "agents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_agent_claims_user_id",
                table: "agent_claims",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_agent_logins_user_id",
                table: "agent_logins",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "agents",
                column: "normalized_email");

            migrationBuilder.CreateIndex(
                name: "ix_agents_business_id",
                table: "agents",
                column: "business_id");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "agents",
                column: "normalized_user_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_business_phone_numbers_business_id",
                table: "business_phone_numbers",
                column: "business_id");

            migrationBuilder.CreateIndex(
                name: "ix_calls_business_id_started_at",
                table: "calls",
                columns: new[] { "business_id", "started_at" },
                descending: new[] { false, true });

            migrationBuilder.CreateIndex(
                name: "ix_calls_recording_recording_sid",
                table: "calls",
                column: "recording_recording_sid");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "agent_claims");

            migrationBuilder.DropTable(
                name: "agent_logins");

            migrationBuilder.DropTable(
                name: "agent_tokens");

            migrationBuilder.DropTable(
                name: "business_phone_numbers");

            migrationBuilder.DropTable(
                name: "calls");

            migrationBuilder.DropTable(
                name: "agents");

            migrationBuilder.DropTable(
                name: "businesses");
        }
    }
}
