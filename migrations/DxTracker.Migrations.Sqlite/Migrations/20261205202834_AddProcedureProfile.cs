using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DxTracker.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddProcedureProfile : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "AbolishedAttachmentCount",
                table: "Procedures",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "AttachmentCount",
                table: "Procedures",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FeePayment",
                table: "Procedures",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "InPerson",
                table: "Procedures",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "LifeEvents",
                table: "Procedures",
                type: "INTEGER",
                maxLength: 40,
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Seal",
                table: "Procedures",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "SealAbolishedOn",
                table: "Procedures",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StandardProcessingDays",
                table: "Procedures",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Telework",
                table: "Procedures",
                type: "TEXT",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TeleworkBarriers",
                table: "Procedures",
                type: "INTEGER",
                maxLength: 40,
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "TeleworkOtherReason",
                table: "Procedures",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            // Back-fill what the existing rows already say (docs/DOMAIN.md#procedure-profile); everything else stays unanswered.
            // A procedure linked to the national survey takes that entry's life events (the newest survey), as a link does now.
            migrationBuilder.Sql("""
                UPDATE "Procedures" SET "LifeEvents" = COALESCE((
                    SELECT CASE WHEN n."LifeEvents" LIKE '%妊娠%' THEN 1 ELSE 0 END + CASE WHEN n."LifeEvents" LIKE '%出生・こども%' THEN 2 ELSE 0 END + CASE WHEN n."LifeEvents" LIKE '%結婚・離婚%' THEN 4 ELSE 0 END + CASE WHEN n."LifeEvents" LIKE '%引越し%' THEN 8 ELSE 0 END + CASE WHEN n."LifeEvents" LIKE '%就職・転職%' THEN 16 ELSE 0 END + CASE WHEN n."LifeEvents" LIKE '%住宅の購入・保有%' THEN 32 ELSE 0 END + CASE WHEN n."LifeEvents" LIKE '%自動車の購入・保有%' THEN 64 ELSE 0 END + CASE WHEN n."LifeEvents" LIKE '%医療・健康%' THEN 128 ELSE 0 END + CASE WHEN n."LifeEvents" LIKE '%介護%' THEN 256 ELSE 0 END + CASE WHEN n."LifeEvents" LIKE '%年金の受給%' THEN 512 ELSE 0 END + CASE WHEN n."LifeEvents" LIKE '%死亡・相続%' THEN 1024 ELSE 0 END + CASE WHEN n."LifeEvents" LIKE '%税金%' THEN 2048 ELSE 0 END + CASE WHEN n."LifeEvents" LIKE '%その他イベント(個人)%' THEN 4096 ELSE 0 END
                    FROM "NationalProcedures" n WHERE n."NationalId" = "Procedures"."NationalProcedureId"
                    ORDER BY n."SurveyDate" DESC LIMIT 1), 0)
                WHERE "NationalProcedureId" IS NOT NULL
                """);
            // 本人確認手法 押印 / 押印＋印鑑証明: the seal is required today.
            migrationBuilder.Sql("""UPDATE "Procedures" SET "Seal" = 'Required' WHERE "IdentityCheck" IN ('Seal', 'SealWithCertificate')""");
            // No fee: nothing to pay, so no payment method.
            migrationBuilder.Sql("""UPDATE "Procedures" SET "FeePayment" = 'None' WHERE "HasFee" = FALSE""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AbolishedAttachmentCount",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "AttachmentCount",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "FeePayment",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "InPerson",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "LifeEvents",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "Seal",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "SealAbolishedOn",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "StandardProcessingDays",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "Telework",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "TeleworkBarriers",
                table: "Procedures");

            migrationBuilder.DropColumn(
                name: "TeleworkOtherReason",
                table: "Procedures");
        }
    }
}
