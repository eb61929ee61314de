using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DxTracker.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddReminderMails : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // No back-fill: a reminder mailed before this version has MailedAtUtc and needs no mail record; one not yet
            // mailed gets its recorded mail at the next run (MailId null = in no mail yet, which is the truth).
            migrationBuilder.AddColumn<long>(
                name: "MailId",
                table: "Reminders",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ReminderMails",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
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

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
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
        }
    }
}
