"""Questions and answers.

The loader keys an entry by a slug of its shipped English question: keep the questions as
they are, or give the entry an explicit "key", or a reworded question is added again.
"""

from .sources import (
    CHECKED_AGAINST_TMOBILE_PAGES, TMOBILE_ADJUSTMENTS_AND_REFUNDS,
    TMOBILE_BILLING_RESPONSIBLE_PARTY, TMOBILE_CANCEL_SERVICE, fact,
)

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
                "Review takes **1–3 business days** after you submit. Weekends and public "
                "holidays do not count. We email you when the review starts, and again if it "
                "takes longer than expected."
            ),
            "zh_hans": (
                "提交后，审核需要 **1–3 个工作日**，周末和公共假日不计算在内。"
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
                "Only you and the agents verifying your case can see your documents. The "
                "privacy notice, linked at the bottom of every page, says why we ask for "
                "them and when they are deleted."
            ),
            "zh_hans": (
                "**政府签发的身份证件**的扫描件或照片，或者运营商出具的您本人的**近期账单**。\n"
                "\n"
                "- 格式：PDF、JPEG、PNG 或 HEIC。\n"
                "- 大小：每个文件不超过 **10 MB**。\n"
                "\n"
                "只有您本人和核实您申请的客服专员可以查看您的文件。"
                "每个页面底部都有隐私说明的链接，其中说明了我们为什么需要这些文件，以及何时删除。"
            ),
        },
    },
    {
        "order": 3,
        "published": True,
        "source": fact(TMOBILE_BILLING_RESPONSIBLE_PARTY, CHECKED_AGAINST_TMOBILE_PAGES),
        "question": {
            "en": "Will you ask for my carrier password or PIN?",
            "zh_hans": "你们会索要我的运营商密码或 PIN 码吗？",
        },
        "answer": {
            "en": (
                "**Never.** Lineout does not ask for your carrier password, PIN, Number "
                "Transfer PIN or full account number: not in a form, an email or a phone "
                "call. If someone asks for them in our name, do not answer, and let us know "
                "through your case.\n"
                "\n"
                "The carrier is different: when you call T-Mobile to cancel, T-Mobile asks "
                "the account holder for the **account PIN/passcode** to verify you. That is "
                "expected. Give it only on a call **you** made to 611 or 1-800-937-8997, "
                "never to anyone else."
            ),
            "zh_hans": (
                "**绝不会。**Lineout 不会以任何方式（表单、邮件或电话）索要您的运营商密码、"
                "PIN 码、携号转网 PIN（Number Transfer PIN）或完整账号。如果有人以我们的名义索要，"
                "请不要回应，并通过您的申请告知我们。\n"
                "\n"
                "运营商则不同：您致电 T-Mobile 办理注销时，T-Mobile 会要求账户持有人提供"
                "**账户 PIN 码/密码**来核实身份，这是正常的。只有在**您本人**拨打 611 或 "
                "1-800-937-8997 时才可以提供，绝不要告诉其他任何人。"
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
                "choose **Withdraw**. Withdrawing only ends your case on Lineout: if you "
                "already asked the carrier to cancel the line, ask the carrier if you want "
                "to undo that."
            ),
            "zh_hans": (
                "可以。在申请完成之前，您可以随时撤回。打开申请，选择**撤回**即可。"
                "撤回只会结束您在 Lineout 的申请：如果您已经向运营商申请注销号码，"
                "想要撤销的话，请联系运营商。"
            ),
        },
    },
    {
        "order": 5,
        "published": True,
        "source": fact(TMOBILE_CANCEL_SERVICE, CHECKED_AGAINST_TMOBILE_PAGES),
        "question": {
            "en": "What about my final bill?",
            "zh_hans": "最终账单怎么办？",
        },
        "answer": {
            "en": (
                "At T-Mobile, every cancellation is future dated: it takes effect at the "
                "**end of the current bill cycle**. So do not expect a bill that stops on "
                "the day you called. The **final bill** is issued after that cycle ends.\n"
                "\n"
                "- **Device payments (EIP):** while other lines stay open on the account, "
                "they keep billing every month. The remaining balance falls due on the "
                "final bill only when the whole account closes.\n"
                "- **AutoPay:** keep it on until the final bill is paid. Turn it off only if "
                "no other line remains on the account; on a family plan, turning it off "
                "means missed payments and a lost AutoPay discount for the other lines.\n"
                "\n"
                "We send you a reminder when the final bill is due."
            ),
            "zh_hans": (
                "在 T-Mobile，所有注销都不会立即生效，而是在**当前账单周期结束时**生效。"
                "因此，最终账单不会只计算到您来电的那一天。**最终账单**会在该账单周期结束后出账。\n"
                "\n"
                "- **设备分期付款（EIP）：**只要账户中还有其他号码在使用，就会按月照常收取；"
                "只有整个账户注销时，剩余款项才会一次性计入最终账单。\n"
                "- **自动扣款（AutoPay）：**在最终账单付清之前请保持开启。只有账户中不再有其他号码时，"
                "才可以关闭；在家庭套餐中，关闭它会导致其他号码漏缴账单，并失去自动扣款优惠。\n"
                "\n"
                "最终账单到期时，我们会提醒您。"
            ),
        },
    },
    {
        "order": 6,
        "published": True,
        # The 30-day wait is on T-Mobile's refunds page, not one of the pages checked on
        # CHECKED_AGAINST_TMOBILE_PAGES: no date, so the admin lists it to be checked.
        "source": fact(TMOBILE_ADJUSTMENTS_AND_REFUNDS, None),
        "question": {
            "en": "Can I get my prepaid balance back?",
            "zh_hans": "我的预付费余额可以退还吗？",
        },
        "answer": {
            "en": (
                "It depends on the carrier, so ask. After the line is canceled, contact the "
                "carrier's customer care and ask whether the remaining balance can be "
                "refunded. For a credit balance on a canceled T-Mobile account, T-Mobile "
                "says to wait at least 30 days, so final charges can post first.\n"
                "\n"
                "Keep a screenshot of the balance, your top-up receipts, the closing "
                "confirmation and the carrier's reference number for your request. If you "
                "entered a balance on your case, we remind you about 30 days after closing."
            ),
            "zh_hans": (
                "这取决于运营商，值得问一问。号码注销后，请联系运营商客服，询问剩余余额能否退还。"
                "对于已注销的 T-Mobile 账户中的贷方余额，T-Mobile 表示需至少等待 30 天，"
                "以便最后的费用先行入账。\n"
                "\n"
                "请保留余额截图、充值收据、注销确认函，以及运营商为您的退款申请提供的受理编号。"
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
                "Yes, but then **don't cancel the line**. Ask your new carrier to port the "
                "number instead. The port ends your service with the old carrier by itself. "
                "See the guide \u201cKeep your number\u201d."
            ),
            "zh_hans": (
                "可以，但这样就**不要注销号码**，而是请新运营商办理携号转网。"
                "转网完成后，您在原运营商的服务会随之结束。请参阅“保留您的号码”指南。"
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
                "They are kept in private storage that only you and the agents verifying "
                "your case can reach. **30 days after your case is closed**, the files are "
                "deleted, and your case timeline shows when. A draft the system withdrew "
                "because it was left unchanged has its files deleted at once."
            ),
            "zh_hans": (
                "文件保存在私密存储中，只有您本人和核实您申请的客服专员可以访问。"
                "**申请结束 30 天后**，文件将被删除，申请的进度记录中会显示删除时间。"
                "如果草稿因长期未更改而被系统撤回，其中的文件会立即删除。"
            ),
        },
    },
]
