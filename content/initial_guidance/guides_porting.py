"""Guides: keeping the number instead, and closing with T-Mobile."""

GUIDES = [
    {
        "slug": "keep-your-number",  # == content.models.PORTING_GUIDE_SLUG
        "carrier": None,
        "order": 3,
        "published": True,
        "title": {
            "en": "Keep your number: port it instead of closing",
            "zh_hans": "保留您的号码：携号转网，而不是注销",
        },
        "summary": {
            "en": (
                "If you want to keep your phone number, do not cancel the line. Ask your new "
                "carrier to port it. The port closes the old line for you."
            ),
            "zh_hans": (
                "如果您想保留手机号码，请不要注销线路，而是请新运营商办理携号转网。"
                "转网完成后，旧线路会自动关闭。"
            ),
        },
        "body": {
            "en": (
                "## Don't cancel - port\n"
                "\n"
                "When you cancel a line, the number is released. You **cannot** take it "
                "with you afterwards.\n"
                "\n"
                "To keep the number, ask your **new** carrier to move it over. This is "
                "called **porting**. When the port completes, the old line closes by "
                "itself. You do not need a cancellation case on Lineout for this.\n"
                "\n"
                "## What you need from the old carrier\n"
                "\n"
                "- **Account number** - shown on your bill or in your online account.\n"
                "- **Transfer PIN** - also called a port-out PIN. You request or create it "
                "with the old carrier.\n"
                "- The **name and billing ZIP code** on the account.\n"
                "\n"
                "### Who gets the transfer PIN\n"
                "\n"
                "Give the transfer PIN **only to your new carrier**, when they ask for it "
                "to start the port. **Lineout will never ask for it.** Nor should anyone who "
                "calls or texts you out of the blue. Treat it like a password.\n"
                "\n"
                "## Turn off port-out protection first\n"
                "\n"
                "Many carriers offer a lock that blocks number transfers. It may be called "
                "port-out protection or number lock. While it is on, the port will fail. "
                "Turn it off in your old account just before you start the port.\n"
                "\n"
                "## Let the port finish\n"
                "\n"
                "- Many ports finish within hours. Some take a day or two.\n"
                "- **Do not cancel the old line while the port is in progress.** If the old "
                "line closes first, the number is released and is lost.\n"
                "- The port is done when your new SIM or eSIM has service and calls to "
                "your number ring on the new phone.\n"
                "\n"
                "## After the port\n"
                "\n"
                "- The old carrier still sends a **final bill**. Any remaining device "
                "balance is on it.\n"
                "- Check that the old account no longer shows the line.\n"
                "- The guide \u201cAfter closing\u201d covers the final bill and prepaid "
                "balance refunds.\n"
            ),
            "zh_hans": (
                "## 不要注销，请携号转网\n"
                "\n"
                "线路一旦注销，号码就会被释放，之后您**无法**再把它带走。\n"
                "\n"
                "要保留号码，请让您的**新**运营商把号码转过去，这就是**携号转网**。"
                "转网完成后，旧线路会自动关闭。您不需要为此在 Lineout 提交销号申请。\n"
                "\n"
                "## 需要从原运营商获取的信息\n"
                "\n"
                "- **账号**：显示在账单上或网上账户中。\n"
                "- **转网 PIN 码**：向原运营商申请或自行设置。\n"
                "- 账户上登记的**姓名和账单邮编**。\n"
                "\n"
                "### 转网 PIN 码只交给谁\n"
                "\n"
                "请**只把转网 PIN 码交给新运营商**，在他们为您办理转网、向您索取时提供。"
                "**Lineout 绝不会向您索要它。**突然来电或发短信索要它的人，也不应提供。"
                "请像对待密码一样保管它。\n"
                "\n"
                "## 先关闭转出保护\n"
                "\n"
                "很多运营商提供阻止号码转出的锁定功能，可能叫作“转出保护”或“号码锁定”。"
                "开启时，转网会失败。请在开始转网之前，在原账户中将其关闭。\n"
                "\n"
                "## 等待转网完成\n"
                "\n"
                "- 很多转网在几小时内完成，有些需要一两天。\n"
                "- **转网进行期间，请不要注销旧线路。**如果旧线路先被关闭，号码就会被释放，"
                "从此丢失。\n"
                "- 当新的 SIM 卡或 eSIM 有信号、拨打您的号码时新手机响铃，转网就完成了。\n"
                "\n"
                "## 转网之后\n"
                "\n"
                "- 原运营商仍会寄来**最终账单**，剩余的设备款也会列在上面。\n"
                "- 确认原账户中已不再显示这条线路。\n"
                "- “注销之后”指南介绍了最终账单和预付费余额退款。\n"
            ),
        },
        "steps": [
            {
                "title": {"en": "Don't cancel the line", "zh_hans": "不要注销线路"},
                "body": {
                    "en": "Cancelling releases the number. Porting keeps it and closes the old line.",
                    "zh_hans": "注销会释放号码；携号转网可以保留号码，并自动关闭旧线路。",
                },
            },
            {
                "title": {
                    "en": "Get the account number and transfer PIN",
                    "zh_hans": "获取账号和转网 PIN 码",
                },
                "body": {
                    "en": (
                        "Find the account number on your bill. Request the transfer PIN from "
                        "the old carrier. Keep both private."
                    ),
                    "zh_hans": "在账单上找到账号，并向原运营商申请转网 PIN 码。两者都请妥善保密。",
                },
            },
            {
                "title": {"en": "Turn off port-out protection", "zh_hans": "关闭转出保护"},
                "body": {
                    "en": "Switch off any number lock in the old account, or the port will fail.",
                    "zh_hans": "在原账户中关闭号码锁定功能，否则转网会失败。",
                },
            },
            {
                "title": {"en": "Start the port with the new carrier", "zh_hans": "向新运营商申请转网"},
                "body": {
                    "en": (
                        "Give the account number and transfer PIN **only** to the new "
                        "carrier. Lineout never asks for them."
                    ),
                    "zh_hans": "**只**把账号和转网 PIN 码提供给新运营商。Lineout 绝不会索要这些信息。",
                },
            },
            {
                "title": {"en": "Wait, then check", "zh_hans": "等待完成，然后核对"},
                "body": {
                    "en": (
                        "Keep the old line until the port completes. Then watch for the old "
                        "carrier's final bill."
                    ),
                    "zh_hans": "转网完成之前，请保留旧线路。完成后，留意原运营商寄来的最终账单。",
                },
            },
        ],
    },
    # ----------------------------------------------------------------------------------
    {
        "slug": "closing-with-t-mobile",
        "carrier": "t-mobile",
        "order": 4,
        "published": True,
        "title": {
            "en": "Closing a line with T-Mobile",
            "zh_hans": "注销 T-Mobile 线路",
        },
        "summary": {
            "en": (
                "How to end service for one T-Mobile line: contact T-Mobile, ask to end that "
                "line, confirm who you are, and follow your case on Lineout."
            ),
            "zh_hans": (
                "如何终止一条 T-Mobile 线路的服务：联系 T-Mobile，要求终止该线路，"
                "确认您的身份，并在 Lineout 上跟进您的申请。"
            ),
        },
        "body": {
            "en": (
                "## Before you start\n"
                "\n"
                "- Work through \u201cBefore you close\u201d first: bills, AutoPay, logins, "
                "devices and backups.\n"
                "- Want to keep the number? Stop here and port it instead.\n"
                "- Know which line you mean. The last four digits of the number are "
                "enough.\n"
                "- Keep a phone on the account nearby. T-Mobile may send a code to it.\n"
                "\n"
                "## Reaching T-Mobile\n"
                "\n"
                "- **Online:** sign in to your account on the T-Mobile website or in the "
                "app.\n"
                "- **By phone:** dial **611** from a T-Mobile phone, or **1-800-937-8997** "
                "from any phone.\n"
                "\n"
                "## What Lineout asks for - and what it never asks for\n"
                "\n"
                "Your case on Lineout needs your name, the number, and an identity document. "
                "An agent reviews it, usually within **1 to 3 business days**.\n"
                "\n"
                "Lineout **never** asks for your T-Mobile password, PIN or full account "
                "number. Keep those to yourself.\n"
            ),
            "zh_hans": (
                "## 开始之前\n"
                "\n"
                "- 请先完成“注销之前”指南中的事项：账单、自动扣款、登录方式、设备和备份。\n"
                "- 想保留号码？请到此为止，改为办理携号转网。\n"
                "- 确认要注销的是哪条线路，知道号码的后四位即可。\n"
                "- 把账户内的一部手机放在身边，T-Mobile 可能会向它发送验证码。\n"
                "\n"
                "## 如何联系 T-Mobile\n"
                "\n"
                "- **网上：**在 T-Mobile 官网或应用中登录您的账户。\n"
                "- **电话：**用 T-Mobile 手机拨打 **611**，或用任何电话拨打 "
                "**1-800-937-8997**。\n"
                "\n"
                "## Lineout 需要什么，以及绝不会索要什么\n"
                "\n"
                "您在 Lineout 的申请需要您的姓名、号码和一份身份证明文件。"
                "客服专员会进行审核，通常需要 **1 到 3 个工作日**。\n"
                "\n"
                "Lineout **绝不会**索要您的 T-Mobile 密码、PIN 码或完整账号。请自行妥善保管。\n"
            ),
        },
        "steps": [
            {
                "title": {
                    "en": "Sign in or call T-Mobile",
                    "zh_hans": "登录账户或致电 T-Mobile",
                },
                "body": {
                    "en": (
                        "Sign in to your T-Mobile account online or in the app. Or call "
                        "customer care: **611** from a T-Mobile phone, **1-800-937-8997** "
                        "from any phone."
                    ),
                    "zh_hans": (
                        "在网上或应用中登录您的 T-Mobile 账户，或致电客服：用 T-Mobile 手机拨打 "
                        "**611**，用任何电话拨打 **1-800-937-8997**。"
                    ),
                },
            },
            {
                "title": {
                    "en": "Ask to end service for that line",
                    "zh_hans": "要求终止该线路的服务",
                },
                "body": {
                    "en": (
                        "- Name the line by the last four digits of the number.\n"
                        "- Say you want to **cancel** it, not port it.\n"
                        "- Ask what the final bill will include, such as any device "
                        "balance.\n"
                        "- Write down the date, the name of the person you spoke to and any "
                        "reference number.\n"
                    ),
                    "zh_hans": (
                        "- 用号码后四位说明是哪条线路。\n"
                        "- 说明您要**注销**该线路，而不是携号转网。\n"
                        "- 询问最终账单会包含哪些费用，例如剩余的设备款。\n"
                        "- 记下日期、接待人员的姓名以及任何参考编号。\n"
                    ),
                },
            },
            {
                "title": {"en": "Confirm who you are", "zh_hans": "确认您的身份"},
                "body": {
                    "en": (
                        "- T-Mobile normally deals with the **account holder**.\n"
                        "- Have a government-issued photo ID ready.\n"
                        "- T-Mobile may text a one-time code to a phone on the account. "
                        "Only read it out when **you** contacted T-Mobile. Never give it to "
                        "someone who contacted you.\n"
                        "- On Lineout, upload an ID scan or a recent bill to your case.\n"
                    ),
                    "zh_hans": (
                        "- T-Mobile 通常只与**账户持有人**办理。\n"
                        "- 请准备好政府签发的带照片身份证件。\n"
                        "- T-Mobile 可能会向账户内的手机发送一次性验证码。只有在**您主动**联系 "
                        "T-Mobile 时才可以提供它，绝不要告诉主动联系您的人。\n"
                        "- 在 Lineout 上，为您的申请上传身份证件扫描件或近期账单。\n"
                    ),
                },
            },
            {
                "title": {
                    "en": "Wait for the review on Lineout",
                    "zh_hans": "等待 Lineout 审核",
                },
                "body": {
                    "en": (
                        "An agent reviews your case, usually within **1 to 3 business "
                        "days**. If they need something, we email you and you can answer on "
                        "the case page. You can withdraw the case until it is done."
                    ),
                    "zh_hans": (
                        "客服专员会审核您的申请，通常需要 **1 到 3 个工作日**。如需补充材料，"
                        "我们会发邮件通知您，您可以在申请页面上回复。在申请完成之前，您可以随时撤回。"
                    ),
                },
            },
            {
                "title": {"en": "Clean up afterwards", "zh_hans": "事后收尾"},
                "body": {
                    "en": (
                        "Download the closing confirmation. Watch for the final bill and pay "
                        "it. Then turn off AutoPay and check that the line is gone from "
                        "your account."
                    ),
                    "zh_hans": (
                        "下载注销确认函。留意并付清最终账单。之后再关闭自动扣款，"
                        "并确认账户中已没有这条线路。"
                    ),
                },
            },
        ],
    },
    # ----------------------------------------------------------------------------------
]
