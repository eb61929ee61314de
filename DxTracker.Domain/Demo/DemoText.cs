using DxTracker.Domain.Procedures;
using static DxTracker.Domain.Procedures.ObjectionCategory;

namespace DxTracker.Domain.Demo;

/// <summary>The Japanese text of the demo city: objections as departments raise them, the rebuttals that answered them,
/// exemption reasons, move comments, hearing notes and follow-ups.</summary>
internal static class DemoText
{
    public static readonly IReadOnlyDictionary<ObjectionCategory, string[]> Objections = new Dictionary<ObjectionCategory, string[]>
    {
        [LegalChange] =
        [
            "根拠法令の様式で書面による提出が定められており、区の判断だけではオンライン化できない。",
            "施行規則で正本・副本の提出が求められており、電子データでは要件を満たさないと考えている。",
            "区の規則が窓口での提出を前提とした条文になっているため、先に規則改正が必要。",
        ],
        [NoSystem] =
        [
            "業務システムと連携できる電子申請の仕組みがなく、受け付けても職員が再入力することになる。",
            "審査に使っている業務システムが外部と接続できず、オンラインで受け付けても処理できない。",
            "都のシステムへ紙で進達しており、区で電子化しても後工程が紙のまま残る。",
        ],
        [PaperOriginals] =
        [
            "戸籍謄本や登記事項証明書など紙の原本の添付が必要で、オンラインでは完結しない。",
            "医師の診断書の原本確認が必要なため、郵送または窓口での提出としたい。",
            "図面（原寸）の提出が必要で、画面上では審査できない。",
        ],
        [NotSuitable] =
        [
            "現地確認と対面での説明が必要な手続であり、オンライン化になじまない。",
            "申請者の状況を面談で聞き取ること自体が支援の一部であり、電子申請にすると相談の機会が失われる。",
            "申請内容について窓口で指導を行ったうえで受理しており、書類だけでは判断できない。",
        ],
        [LowCostEffectiveness] =
        [
            "年間の件数が数件しかなく、フォームを作る手間に見合わない。",
            "件数が少ないため、システム改修費をかける費用対効果が説明できない。",
            "ほとんどが事業者による郵送提出で、窓口に来る人はいない。",
        ],
        [Seal] =
        [
            "申請書に押印欄があり、押印がないと受け付けられない。",
            "代理人による申請で委任状への押印が必要。",
            "事業者の申請では代表者印の押印で申請意思を確認している。",
        ],
        [IdentityVerification] =
        [
            "なりすまし防止のため、窓口で本人確認書類を目視で確認する必要がある。",
            "本人確認ができないと個人情報を含む証明を交付できない。",
            "代理人申請が多く、代理権の確認をオンラインで行う方法がない。",
        ],
        [FeePayment] =
        [
            "手数料の納付が必要で、窓口の現金収納以外の方法がない。",
            "収入証紙による納付を前提にしており、オンラインでは手数料を受け取れない。",
            "手数料の還付・過誤納の処理がオンライン決済では煩雑になる。",
        ],
        [ResidentDigitalDivide] =
        [
            "利用者に高齢者が多く、オンラインでは申請できない人が多い。",
            "外国籍の申請者が多く、電子フォームの操作が難しい。",
            "スマートフォンを持っていない世帯が対象の中心であり、効果が見込めない。",
        ],
        [StaffWorkload] =
        [
            "紙とオンラインの二重の受付になり、職員の負担が増える。",
            "繁忙期（3〜4月）にフォームの問い合わせ対応まで手が回らない。",
            "オンライン申請の不備が増え、差戻しの連絡が負担になる。",
        ],
        [Other] =
        [
            "様式が国から示されておらず、どの項目をフォームにすべきか判断できない。",
            "関係機関（都・国）への進達が紙で行われており、区だけ電子化しても効果が薄い。",
            "制度の見直しが予定されており、確定するまで着手を待ちたい。",
        ],
    };

    public static readonly IReadOnlyDictionary<ObjectionCategory, string[]> Rebuttals = new Dictionary<ObjectionCategory, string[]>
    {
        [LegalChange] =
        [
            "情報通信技術を活用した行政の推進等に関する法律（デジタル手続法）第6条により、法令上書面とされている申請も電子で受け付けられる。所管省庁の通知も確認済み。",
            "区規則の改正案はDX推進担当で作成し、次回の例規審査に間に合わせる。所管課の作業は条文の確認のみ。",
            "国の様式は参考様式であり、記載事項を満たせば電子フォームでよいことを所管省庁に照会し、回答を得た。",
        ],
        [NoSystem] =
        [
            "区の電子申請サービスで受け付け、CSVで業務システムに取り込む運用を提案。他課で同様の運用が定着している。",
            "当面は電子申請で受け付けて転記し、次期システム更改で連携する段階的な進め方とする。",
            "進達は電子申請データのPDF出力で行えることを都の所管課に確認した。",
        ],
        [PaperOriginals] =
        [
            "公用請求・情報連携で取得できる書類は添付不要とし、残る書類はPDF添付と原本の後日郵送を併用する。",
            "診断書は画像添付で受け付け、疑義がある場合のみ原本を求める運用とする（他区で実績あり）。",
            "図面はPDFで受け付け、審査用の原寸出力はDX推進担当の大判プリンタで対応する。",
        ],
        [NotSuitable] =
        [
            "申請（受付）はオンライン化し、面談は予約制で別に設定する。受付と面談を分けても面談の質は落ちない。",
            "オンライン面談（ビデオ通話）も選べるようにし、現地確認が必要な案件のみ訪問とする。",
            "事前相談は予約フォームで受け付け、指導後の本申請をオンラインにする。",
        ],
        [LowCostEffectiveness] =
        [
            "汎用の電子申請フォームはノーコードで作成でき、費用はかからない。件数が少ない手続ほど窓口に来る住民の負担が大きい。",
            "同種の届出をまとめた共通フォームで受け付けるため、個別の開発は不要。",
            "郵送提出が中心であれば、オンライン化で郵送費と到達確認の手間が確実に減る。",
        ],
        [Seal] =
        [
            "区の押印見直し方針（令和2年度）で本手続の押印は廃止済み。様式から押印欄を削除する。",
            "委任状は電子フォーム上の同意欄と電子署名で代替でき、押印は不要とする。",
            "申請意思の確認はGビズIDでのログインで足りる。",
        ],
        [IdentityVerification] =
        [
            "マイナンバーカードによる公的個人認証（JPKI）で本人確認を行う。窓口の目視確認より確実。",
            "本人確認書類の画像添付と、交付時の本人限定受取郵便の組み合わせで対応できる。",
            "代理人申請は委任状の画像添付とし、代理人本人はJPKIで確認する。",
        ],
        [FeePayment] =
        [
            "電子申請サービスのクレジットカード・コード決済（導入済み）で納付できる。会計管理室と調整済み。",
            "手数料は交付時の後納（納付書）とし、申請のみ先にオンライン化する。",
            "還付はオンライン決済の返金機能で処理でき、会計管理室の手順書がある。",
        ],
        [ResidentDigitalDivide] =
        [
            "紙の申請は残したうえでオンラインを追加するだけであり、誰も取り残さない。窓口タブレットとスマホ教室で支援する。",
            "フォームを多言語（やさしい日本語・英語・中国語・韓国語）で用意し、窓口に翻訳タブレットを置く。",
            "家族や支援者による代理申請をオンラインで受け付けられるようにする。",
        ],
        [StaffWorkload] =
        [
            "オンライン分は入力済みデータとして届くため転記がなくなり、総量は減る。先行した課では処理時間が約3割減った。",
            "フォームの問い合わせはDX推進担当とコールセンターで一次対応する。",
            "入力チェックと必須項目でフォーム上の不備を防ぎ、差戻しを減らす。",
        ],
        [Other] =
        [
            "DX推進担当で他自治体の公開フォームを調査し、項目案を作成して提示する。",
            "区の受付部分だけでも電子化すれば住民の来庁は不要になる。進達は当面PDF出力で対応する。",
            "現行制度でフォームを作り、制度改正時は項目の修正で対応する。修正はDX推進担当が行う。",
        ],
    };

    public static readonly IReadOnlyDictionary<ObjectionCategory, string> AcceptedExemptReasons = new Dictionary<ObjectionCategory, string>
    {
        [LegalChange] = "国の法令で書面の交付・受領が義務付けられており、法改正まで対象外とする（DX推進本部で確認）。",
        [NoSystem] = "都のシステムでのみ処理される手続で区に受付の裁量がなく、対象外とする。",
        [PaperOriginals] = "原本の提出が制度の要件であり、オンラインでは手続が完結しないため対象外とする。",
        [NotSuitable] = "本人の意思確認を対面で行うことが制度の趣旨であり、電子化の対象外とする（DX推進本部で確認）。",
        [LowCostEffectiveness] = "過去5年間の受付実績がなく、事業者からの要望もないため当面対象外とし、次回の棚卸しで再検討する。",
        [Seal] = "登記と連動して実印の押印が求められる手続であり、国の制度改正まで対象外とする。",
        [IdentityVerification] = "交付時に対面での本人確認が法令上必須であり、対象外とする。",
        [FeePayment] = "手数料の徴収方法が条例で定められており、改正まで対象外とする。",
        [ResidentDigitalDivide] = "対象者の大半が施設入所者であり、支援者による窓口手続を継続するため対象外とする。",
        [StaffWorkload] = "令和8年度に制度自体が廃止される予定のため、対象外とする。",
        [Other] = "都の事務に移管されることが決まったため、区の手続の対象外とする。",
    };

    public static readonly string[] DirectExemptReasons =
    [
        "区での受付実績がなく、都が直接受け付けているため対象外とする。",
        "制度の廃止が決まったため対象外とする。",
        "裁判所・国の機関との間の手続で、区民が申請する手続ではないため対象外とする。",
    ];

    public static string MoveComment(ProcedureStatus from, ProcedureStatus to, Random rng) => (from, to) switch
    {
        (ProcedureStatus.NotConsidered, ProcedureStatus.UnderReview) => Pick(rng, "棚卸しの結果、電子化の検討を開始", "所管課にて電子化の可否を検討する", "件数と様式を確認し、検討対象とした"),
        (ProcedureStatus.ObjectionRaised, ProcedureStatus.UnderReview) => Pick(rng, "対応策について所管課と合意し、検討を再開", "課題が解消したため検討に戻す"),
        (ProcedureStatus.Exempt, ProcedureStatus.UnderReview) => "制度改正により電子化が可能となったため再検討",
        (_, ProcedureStatus.InProgress) when from == ProcedureStatus.Digitized => Pick(rng, "様式改正に伴いフォームを一時公開停止", "制度改正により申請項目を見直すため公開停止", "システム更改のため電子申請を一時停止"),
        (_, ProcedureStatus.InProgress) => Pick(rng, "電子申請フォームの作成に着手", "フォーム設計と審査フローの調整を開始", "電子化の方針が決定し作業開始"),
        (_, ProcedureStatus.Digitized) => Pick(rng, "電子申請フォームを公開", "電子申請の受付を開始", "フォームを公開し、区ホームページに掲載"),
        (_, ProcedureStatus.ObjectionRaised) => Pick(rng, "所管課より課題の提示あり", "ヒアリングで課題が示された", "検討の結果、課題が判明"),
        _ => "",
    };

    public static string HearingOutcome(ProcedureStatus from, ProcedureStatus to, ObjectionCategory? category) => (from, to) switch
    {
        (_, ProcedureStatus.UnderReview) when from == ProcedureStatus.ObjectionRaised => "DX推進担当の対応策に所管課が同意し、検討を再開することとした。",
        (_, ProcedureStatus.UnderReview) => "所管課で電子化の可否と業務フローを検討することで合意した。",
        (_, ProcedureStatus.ObjectionRaised) => $"所管課から課題（{CategoryLabel(category)}）が示された。DX推進担当で対応策を整理し次回提示する。",
        (_, ProcedureStatus.InProgress) when from == ProcedureStatus.Digitized => "フォームの一時公開停止と再公開の時期を確認した。",
        (_, ProcedureStatus.InProgress) => "電子申請フォームの作成に着手することで合意した。項目案はDX推進担当が作成する。",
        (_, ProcedureStatus.Digitized) => "公開したフォームの利用状況と問い合わせ内容を確認した。",
        (_, ProcedureStatus.Exempt) => "協議の結果、当面は電子化の対象外とすることを確認した。",
        _ => "現状を確認した。",
    };

    public static readonly string[] DiscussionOnlyOutcomes =
    [
        "現状と年間件数を確認した。次回までに所管課で業務フローを整理する。",
        "様式と添付書類を確認した。電子化の優先度は次回協議する。",
        "件数実績の提出を依頼した。",
    ];

    public static string CategoryLabel(ObjectionCategory? category) => category switch
    {
        LegalChange => "法令・条例の改正が必要",
        NoSystem => "システムがない",
        PaperOriginals => "原本が紙",
        NotSuitable => "対面での説明・現地確認が必要",
        LowCostEffectiveness => "費用対効果",
        Seal => "押印",
        IdentityVerification => "本人確認",
        FeePayment => "手数料の納付",
        ResidentDigitalDivide => "オンラインを使えない住民",
        StaffWorkload => "職員の負担",
        _ => "その他",
    };

    public static readonly string[] FollowUps =
    [
        "電子申請フォームの項目案を作成し所管課へ送付する",
        "押印欄削除に伴う規則改正案を例規担当と確認する",
        "手数料のオンライン決済の可否を会計管理室に照会する",
        "窓口タブレットの設置場所を庁舎管理と調整する",
        "前年度の件数実績（総数・オンライン）を所管課から提出してもらう",
        "添付書類の削減可否を国の通知・他区の例で確認する",
        "業務システムへのCSV取込手順を情報政策課と確認する",
        "所管省庁へ電子提出の可否を照会する",
        "スマホ教室で扱う手続の候補を区民部と調整する",
        "公開済みフォームの問い合わせ内容を集計し改善案をまとめる",
    ];

    public static readonly string[] Teams = ["庶務", "管理", "審査", "給付", "認定", "指導", "事業"];

    public static string FirstHearingSummary(string department, int count) =>
        $"{department}の所管手続{count}件について棚卸し結果を確認し、電子化の優先順位と課題を協議した。";

    public const string LaterHearingSummary = "前回ヒアリング以降の進捗を確認し、課題が示された手続について対応策を協議した。";

    public static string Pick(Random rng, params string[] options) => options[rng.Next(options.Length)];
}
