"""Questions and answers."""

FAQS = [
    {
        "order": 1,
        "published": True,
        "question": {
            "en": "How long does the review take?",
            "zh_hans": "审核需要多长时间？",
        },
        "answer": {
            "en": (
                "Usually **1 to 3 business days** after you submit. Weekends and public "
                "holidays do not count. We email you when the review starts, and again if it "
                "takes longer than expected."
            ),
            "zh_hans": (
                "通常在您提交后 **1 到 3 个工作日**内完成，周末和公共假日不计算在内。"
                "审核开始时我们会发邮件通知您；如果时间超出预期，我们也会再次通知。"
            ),
        },
    },
    {
        "order": 2,
        "published": True,
        "question": {
            "en": "Which documents can I upload?",
            "zh_hans": "我可以上传哪些文件？",
        },
        "answer": {
            "en": (
                "A scan or photo of a **government-issued ID**, or a **recent bill** from the "
                "carrier in your name.\n"
                "\n"
                "- Formats: PDF, JPEG, PNG or HEIC.\n"
                "- Size: up to **10 MB** per file.\n"
                "\n"
                "Only you and our agents can see your documents."
            ),
            "zh_hans": (
                "**政府签发的身份证件**的扫描件或照片，或者运营商寄给您本人的**近期账单**。\n"
                "\n"
                "- 格式：PDF、JPEG、PNG 或 HEIC。\n"
                "- 大小：每个文件不超过 **10 MB**。\n"
                "\n"
                "只有您本人和我们的客服专员可以查看您的文件。"
            ),
        },
    },
    {
        "order": 3,
        "published": True,
        "question": {
            "en": "Will you ask for my carrier password or PIN?",
            "zh_hans": "你们会索要我的运营商密码或 PIN 码吗？",
        },
        "answer": {
            "en": (
                "**Never.** Lineout does not ask for your carrier password, PIN, transfer PIN "
                "or full account number - not in a form, an email or a phone call. If "
                "someone asks for them in our name, do not answer, and let us know through "
                "your case."
            ),
            "zh_hans": (
                "**绝不会。**Lineout 不会以任何方式（表单、邮件或电话）索要您的运营商密码、"
                "PIN 码、转网 PIN 码或完整账号。如果有人以我们的名义索要，请不要回应，"
                "并通过您的申请告知我们。"
            ),
        },
    },
    {
        "order": 4,
        "published": True,
        "question": {
            "en": "Can I withdraw my case?",
            "zh_hans": "我可以撤回申请吗？",
        },
        "answer": {
            "en": (
                "Yes. You can withdraw at any time until the case is done. Open the case and "
                "choose **Withdraw**. Nothing further happens to your line through Lineout."
            ),
            "zh_hans": (
                "可以。在申请完成之前，您可以随时撤回。打开申请，选择**撤回**即可。"
                "此后 Lineout 不会再对您的线路做任何处理。"
            ),
        },
    },
    {
        "order": 5,
        "published": True,
        "question": {
            "en": "What about my final bill?",
            "zh_hans": "最终账单怎么办？",
        },
        "answer": {
            "en": (
                "The carrier sends a **final bill** after the last billing cycle ends, often "
                "a few weeks after closing. It may include part of a month and any remaining "
                "device balance. Keep AutoPay on until it is paid. We send you a reminder "
                "when it is due."
            ),
            "zh_hans": (
                "运营商会在最后一个计费周期结束后寄来**最终账单**，通常是注销几周之后。"
                "其中可能包含不足一个月的费用和剩余的设备款。请在付清之前保持自动扣款开启。"
                "账单到期时我们会提醒您。"
            ),
        },
    },
    {
        "order": 6,
        "published": True,
        "question": {
            "en": "Can I get my prepaid balance back?",
            "zh_hans": "我的预付费余额可以退还吗？",
        },
        "answer": {
            "en": (
                "Often, yes - but it depends on the carrier. Ask the carrier's customer care "
                "for a refund after the line is closed. Keep a screenshot of the balance, "
                "your top-up receipts, the closing confirmation and the reference number of "
                "your request. If you entered a balance on your case, we remind you about "
                "30 days after closing."
            ),
            "zh_hans": (
                "很多情况下可以，但取决于运营商。线路注销后，请联系运营商客服申请退款。"
                "请保留余额截图、充值收据、注销确认函以及申请的参考编号。"
                "如果您在申请中填写了余额，我们会在注销约 30 天后提醒您。"
            ),
        },
    },
    {
        "order": 7,
        "published": True,
        "question": {
            "en": "Can I keep my number?",
            "zh_hans": "我可以保留我的号码吗？",
        },
        "answer": {
            "en": (
                "Yes, but then **don't close the line**. Ask your new carrier to port the "
                "number instead. The port closes the old line by itself. See the guide "
                "\u201cKeep your number\u201d."
            ),
            "zh_hans": (
                "可以，但这样就**不要注销线路**，而是请新运营商办理携号转网。"
                "转网完成后旧线路会自动关闭。请参阅“保留您的号码”指南。"
            ),
        },
    },
    {
        "order": 8,
        "published": True,
        "question": {
            "en": "What happens to my documents?",
            "zh_hans": "我上传的文件会如何处理？",
        },
        "answer": {
            "en": (
                "They are kept in private storage that only you and our agents can reach. "
                "**30 days after your case is closed**, the files are deleted, and your "
                "case timeline shows when."
            ),
            "zh_hans": (
                "文件保存在私密存储中，只有您本人和我们的客服专员可以访问。"
                "**申请结束 30 天后**，文件将被删除，申请的时间线上会显示删除时间。"
            ),
        },
    },
]

