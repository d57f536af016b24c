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
                "## Reaching T-Mobile\n"
                "\n"
                "- **By phone:** dial **611** from a T-Mobile phone, or **1-800-937-8997** "
                "from any phone.\n"
                "- **Online:** sign in to your account on the T-Mobile website or in the "
                "T-Mobile app.\n"
                "\n"
                "## Good to know\n"
                "\n"
                "- T-Mobile normally expects the **account holder** to end a line. Some "
                "authorized users may do it too, depending on their permissions.\n"
                "- T-Mobile may send a **one-time code** to a phone on the account to "
                "confirm it is you.\n"
                "- If you want to keep the number, do not cancel: ask your new carrier to "
                "port it instead.\n"
                "- Lineout never asks for your T-Mobile password, PIN or full account "
                "number.\n"
            ),
            "zh_hans": (
                "## 如何联系 T-Mobile\n"
                "\n"
                "- **电话：**用 T-Mobile 手机拨打 **611**，或用任何电话拨打 "
                "**1-800-937-8997**。\n"
                "- **网上：**在 T-Mobile 官网或 T-Mobile 应用中登录您的账户。\n"
                "\n"
                "## 须知\n"
                "\n"
                "- T-Mobile 通常要求由**账户持有人**办理线路注销。部分授权用户视其权限"
                "也可以办理。\n"
                "- T-Mobile 可能会向账户内的手机发送**一次性验证码**，以确认是您本人。\n"
                "- 如果您想保留号码，请不要注销，而是请新运营商为您办理携号转网。\n"
                "- Lineout 绝不会索要您的 T-Mobile 密码、PIN 码或完整账号。\n"
            ),
        },
    },
]

