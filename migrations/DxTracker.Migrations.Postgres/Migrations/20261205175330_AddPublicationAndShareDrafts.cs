using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DxTracker.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddPublicationAndShareDrafts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Reminders_ReminderMails_MailId",
                table: "Reminders");

            migrationBuilder.DropTable(
                name: "ReminderMails");

            migrationBuilder.DropIndex(
                name: "IX_Reminders_MailId",
                table: "Reminders");

            migrationBuilder.DropColumn(
                name: "MailId",
                table: "Reminders");

            migrationBuilder.AddColumn<string>(
                name: "PublicationWithheldReason",
                table: "Procedures",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ShareDrafts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PeriodKind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    PeriodYear = table.Column<int>(type: "integer", nullable: false),
                    PeriodMonth = table.Column<int>(type: "integer", nullable: false),
                    Text = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    CreatedByUserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PostedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    PostedByName = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShareDrafts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ShareDrafts_CreatedAtUtc",
                table: "ShareDrafts",
                column: "CreatedAtUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ShareDrafts");

            migrationBuilder.DropColumn(
                name: "PublicationWithheldReason",
                table: "Procedures");

            migrationBuilder.AddColumn<long>(
                name: "MailId",
                table: "Reminders",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReminderMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    CreatedAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    MessageId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReminderMails", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ReminderMails_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Reminders_MailId",
                table: "Reminders",
                column: "MailId");

            migrationBuilder.CreateIndex(
                name: "IX_ReminderMails_MessageId",
                table: "ReminderMails",
                column: "MessageId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReminderMails_SentAtUtc_UserId",
                table: "ReminderMails",
                columns: new[] { "SentAtUtc", "UserId" });

            migrationBuilder.CreateIndex(
                name: "IX_ReminderMails_UserId",
                table: "ReminderMails",
                column: "UserId");

            migrationBuilder.AddForeignKey(
                name: "FK_Reminders_ReminderMails_MailId",
                table: "Reminders",
                column: "MailId",
                principalTable: "ReminderMails",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);
        }
    }
}
