"""The carriers Lineout knows at first."""

CARRIERS = [
    {
        "slug": "t-mobile",
        "name": {"en": "T-Mobile", "zh_hans": "T-Mobile"},
        "country": "US",
        # The field holds 40 characters; the notes spell out which number to dial from where.
        "support_phone": "611 or 1-800-937-8997",
        "website": "https://www.t-mobile.com",
        "order": 1,
        "published": True,
        "notes": {
            "en": (
                "## Canceling with T-Mobile\n"
                "\n"
                "- **By phone:** dial **611** from the line you are canceling (or any "
                "T-Mobile phone), or **1-800-937-8997** from any phone.\n"
                "- **In person:** you can also ask at a T-Mobile store.\n"
                "- **Not online:** T-Mobile cancellations cannot be completed online or in "
                "the T-Mobile app. There is no \u201ccancel account\u201d button, whatever "
                "some websites say.\n"
                "\n"
                "## Good to know\n"
                "\n"
                "- **Only the Billing Responsible Party** (the account holder who pays the "
                "bill) can cancel a line. An authorized user cannot.\n"
                "- Cancellations are **future dated**: they take effect at the **end of the "
                "current bill cycle**. Do not expect a final bill that stops on the day you "
                "called.\n"
                "- While other lines stay open on the account, device payments (EIP) for the "
                "canceled line keep billing every month. They fall due in full only when "
                "the whole account closes.\n"
                "- When you call, T-Mobile asks the account holder for the **account "
                "PIN/passcode** and may text a one-time code. Give them only on a call "
                "**you** made to 611 or 1-800-937-8997, never to someone who contacted "
                "you.\n"
                "- Ask T-Mobile for its **confirmation number**, and keep any text or "
                "email T-Mobile sends you about the cancellation.\n"
                "- If you want to keep the number, do not cancel: ask your new carrier to "
                "port it instead.\n"
                "- Lineout never asks for your T-Mobile password, PIN or full account "
                "number.\n"
            ),
            "zh_hans": (
                "## 向 T-Mobile 办理注销\n"
                "\n"
                "- **电话：**用要注销的号码（或任何 T-Mobile 手机）拨打 **611**，"
                "或用任何电话拨打 **1-800-937-8997**。\n"
                "- **门店：**也可以前往 T-Mobile 门店办理。\n"
                "- **无法在网上办理：**T-Mobile 的注销无法在官网或 T-Mobile 应用中完成。"
                "无论有些网站怎么说，都不存在“注销账户”按钮。\n"
                "\n"
                "## 须知\n"
                "\n"
                "- **只有主账户持有人**（Billing Responsible Party，即负责支付账单的账户持有人）"
                "才能注销号码，授权用户（authorized user）不能办理。\n"
                "- 注销不会立即生效，而是在**当前账单周期结束时**生效。"
                "最终账单不会只计算到您来电的那一天。\n"
                "- 只要账户中还有其他号码在使用，已注销号码的设备分期付款（EIP）仍会按月照常收取；"
                "只有整个账户注销时，剩余款项才会一次性到期。\n"
                "- 致电时，T-Mobile 会要求账户持有人提供**账户 PIN 码/密码**（PIN/Passcode），"
                "也可能发送一次性验证码。只有在**您本人**拨打 611 或 1-800-937-8997 时才可以提供，"
                "绝不要告诉主动联系您的人。\n"
                "- 请向 T-Mobile 索取**受理编号**，并保留 T-Mobile 发给您的有关注销的短信或邮件。\n"
                "- 如果您想保留号码，请不要注销，而是请新运营商为您办理携号转网。\n"
                "- Lineout 绝不会索要您的 T-Mobile 密码、PIN 码或完整账号。\n"
            ),
        },
    },
]

