"""Guides: keeping the number instead, and closing with T-Mobile."""

from .sources import (
    CHECKED_AGAINST_TMOBILE_PAGES, TMOBILE_BILLING_RESPONSIBLE_PARTY, TMOBILE_CANCEL_A_LINE,
    TMOBILE_CANCEL_SERVICE, fact,
)

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
                "carrier to port it. The port ends your service with the old carrier for "
                "you."
            ),
            "zh_hans": (
                "如果您想保留手机号码，请不要注销，而是请新运营商办理携号转网。"
                "转网完成后，您在原运营商的服务会随之结束。"
            ),
        },
        "body": {
            "en": (
                "## Don't cancel: port\n"
                "\n"
                "When you cancel a line, the number is released. You **cannot** take it "
                "with you afterwards.\n"
                "\n"
                "To keep the number, ask your **new** carrier to move it over. This is "
                "called **porting**. When the port completes, your service with the old "
                "carrier ends by itself. You do not need a case on Lineout for this.\n"
                "\n"
                "## What you need from the old carrier\n"
                "\n"
                "- **Account number:** shown on your bill or in your online account.\n"
                "- **Transfer PIN:** T-Mobile calls it the **Number Transfer PIN**; other "
                "carriers may say port-out PIN. You request it from the old carrier.\n"
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
                "line is canceled first, the number is released and is lost.\n"
                "- The port is done when your new SIM or eSIM has service and calls to "
                "your number ring on the new phone.\n"
                "\n"
                "## After the port\n"
                "\n"
                "- The old carrier still issues a **final bill**. Ask it how any remaining "
                "device payments are billed.\n"
                "- Check that the old account no longer shows the line.\n"
                "- The guide \u201cAfter closing\u201d covers the final bill and prepaid "
                "balance refunds.\n"
            ),
            "zh_hans": (
                "## 不要注销，请携号转网\n"
                "\n"
                "号码一旦注销就会被释放，之后您**无法**再把它带走。\n"
                "\n"
                "要保留号码，请让您的**新**运营商把号码转过去，这就是**携号转网**。"
                "转网完成后，您在原运营商的服务会随之结束。您不需要为此在 Lineout 提交注销申请。\n"
                "\n"
                "## 需要从原运营商获取的信息\n"
                "\n"
                "- **账号：**显示在账单上或网上账户中。\n"
                "- **携号转网 PIN（Number Transfer PIN）：**这是 T-Mobile 的叫法，"
                "其他运营商可能称为转出 PIN。请向原运营商申请。\n"
                "- 账户上登记的**姓名和账单邮编**。\n"
                "\n"
                "### 携号转网 PIN 只交给谁\n"
                "\n"
                "请**只把携号转网 PIN 交给新运营商**，在他们为您办理转网、向您索取时提供。"
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
                "- **转网进行期间，请不要注销原号码。**如果号码先被注销，就会被释放，从此丢失。\n"
                "- 当新的 SIM 卡或 eSIM 有信号、拨打您的号码时新手机响铃，转网就完成了。\n"
                "\n"
                "## 转网之后\n"
                "\n"
                "- 原运营商仍会出具**最终账单**。请向其询问剩余的设备分期款如何收取。\n"
                "- 确认原账户中已不再显示这个号码。\n"
                "- “注销之后”指南介绍了最终账单和预付费余额退款。\n"
            ),
        },
        "steps": [
            {
                "title": {"en": "Don't cancel the line", "zh_hans": "不要注销号码"},
                "body": {
                    "en": (
                        "Canceling releases the number. Porting keeps it and ends your "
                        "service with the old carrier."
                    ),
                    "zh_hans": "注销会释放号码；携号转网可以保留号码，并结束您在原运营商的服务。",
                },
            },
            {
                "title": {
                    "en": "Get the account number and transfer PIN",
                    "zh_hans": "获取账号和携号转网 PIN",
                },
                "body": {
                    "en": (
                        "Find the account number on your bill. Request the transfer PIN "
                        "(at T-Mobile, the Number Transfer PIN) from the old carrier. Keep "
                        "both private."
                    ),
                    "zh_hans": (
                        "在账单上找到账号，并向原运营商申请携号转网 PIN（Number Transfer PIN）。"
                        "两者都请妥善保密。"
                    ),
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
                    "zh_hans": "**只**把账号和携号转网 PIN 提供给新运营商。Lineout 绝不会索要这些信息。",
                },
            },
            {
                "title": {"en": "Wait, then check", "zh_hans": "等待完成，然后核对"},
                "body": {
                    "en": (
                        "Keep the old line until the port completes. Then watch for the old "
                        "carrier's final bill."
                    ),
                    "zh_hans": "转网完成之前，请不要注销原号码。完成后，留意原运营商出具的最终账单。",
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
            "zh_hans": "注销 T-Mobile 号码",
        },
        "summary": {
            "en": (
                "You cancel the line yourself, by calling T-Mobile as the Billing "
                "Responsible Party. Lineout verifies your identity, records T-Mobile's "
                "confirmation number and issues your closing confirmation."
            ),
            "zh_hans": (
                "号码由您本人以主账户持有人的身份致电 T-Mobile 注销。"
                "Lineout 负责核实您的身份、记录 T-Mobile 的受理编号，并出具注销确认函。"
            ),
        },
        "body": {
            "en": (
                "## Who does what\n"
                "\n"
                "- **You** cancel the line with T-Mobile. Only the **Billing Responsible "
                "Party** (the account holder who pays the bill) can do that; an authorized "
                "user cannot.\n"
                "- **Lineout's agents** verify your identity and documents, track your "
                "case, record T-Mobile's confirmation number and issue Lineout's closing "
                "confirmation. They do not call T-Mobile for you and never sign in to your "
                "T-Mobile account.\n"
                "\n"
                "## Before you start\n"
                "\n"
                "- Work through \u201cBefore you close\u201d first: bills, AutoPay, logins, "
                "devices and backups.\n"
                "- Want to keep the number? Stop here and port it instead.\n"
                "- Know which line you mean. The last four digits of the number are "
                "enough.\n"
                "- Have your T-Mobile account PIN/passcode ready, and a phone on the account "
                "nearby: T-Mobile may text a one-time code to it.\n"
                "\n"
                "## Cancel by phone, not online\n"
                "\n"
                "- **By phone:** dial **611** from the line you are canceling, or "
                "**1-800-937-8997** from any phone.\n"
                "- **In person:** you can also ask at a T-Mobile store.\n"
                "- T-Mobile cancellations **cannot be completed online or in the T-Mobile "
                "app**. There is no \u201ccancel account\u201d button.\n"
                "\n"
                "## What to expect\n"
                "\n"
                "- Cancellations are **future dated**: they take effect at the **end of the "
                "current bill cycle**. You pay for that whole cycle, so do not expect a bill "
                "that stops on the day you call.\n"
                "- While other lines stay open on the account, device payments (EIP) for the "
                "canceled line keep billing every month. They fall due in full only when "
                "the whole account closes.\n"
                "- Once the line is canceled, its voicemail and messages are deleted.\n"
                "\n"
                "## Your PIN: who may ask for it\n"
                "\n"
                "When you call, T-Mobile asks the account holder for the **account "
                "PIN/passcode** to verify you. That is expected on a call **you** made to "
                "611 or 1-800-937-8997. Never give the PIN, or a code T-Mobile texts you, "
                "to anyone who contacted you.\n"
                "\n"
                "Lineout **never** asks for your T-Mobile password, PIN or full account "
                "number.\n"
                "\n"
                "## Keep T-Mobile's confirmation\n"
                "\n"
                "Ask T-Mobile for its **confirmation number** and the date the cancellation "
                "takes effect, and keep any text or email T-Mobile sends you. Write the "
                "number on your case page: the agent records it on Lineout's closing "
                "confirmation. Lineout's confirmation is not a T-Mobile document, so keep "
                "T-Mobile's own confirmation too.\n"
            ),
            "zh_hans": (
                "## 谁做什么\n"
                "\n"
                "- **您本人**向 T-Mobile 办理注销。只有**主账户持有人**（Billing Responsible "
                "Party，即负责支付账单的账户持有人）才能办理，授权用户不能办理。\n"
                "- **Lineout 的客服专员**负责核实您的身份和文件、跟进您的申请、记录 T-Mobile "
                "的受理编号，并出具 Lineout 的注销确认函。他们不会替您致电 T-Mobile，"
                "也绝不会登录您的 T-Mobile 账户。\n"
                "\n"
                "## 开始之前\n"
                "\n"
                "- 请先完成“注销之前”指南中的事项：账单、自动扣款、登录方式、设备和备份。\n"
                "- 想保留号码？请到此为止，改为办理携号转网。\n"
                "- 确认要注销的是哪个号码，知道号码的后四位即可。\n"
                "- 准备好 T-Mobile 账户 PIN 码/密码，并把账户内的一部手机放在身边："
                "T-Mobile 可能会向它发送一次性验证码。\n"
                "\n"
                "## 请致电办理，无法在网上办理\n"
                "\n"
                "- **电话：**用要注销的号码拨打 **611**，或用任何电话拨打 **1-800-937-8997**。\n"
                "- **门店：**也可以前往 T-Mobile 门店办理。\n"
                "- T-Mobile 的注销**无法在官网或 T-Mobile 应用中完成**，也不存在“注销账户”按钮。\n"
                "\n"
                "## 注销后会怎样\n"
                "\n"
                "- 注销不会立即生效，而是在**当前账单周期结束时**生效。您需要支付整个账单周期的费用，"
                "最终账单不会只计算到您来电的那一天。\n"
                "- 只要账户中还有其他号码在使用，已注销号码的设备分期付款（EIP）仍会按月照常收取；"
                "只有整个账户注销时，剩余款项才会一次性到期。\n"
                "- 号码注销后，其语音留言和消息会被删除。\n"
                "\n"
                "## PIN 码：谁可以向您索要\n"
                "\n"
                "致电时，T-Mobile 会要求账户持有人提供**账户 PIN 码/密码**来核实身份。"
                "在**您本人**拨打 611 或 1-800-937-8997 的通话中，这是正常的。"
                "绝不要把 PIN 码或 T-Mobile 发给您的一次性验证码告诉主动联系您的人。\n"
                "\n"
                "Lineout **绝不会**索要您的 T-Mobile 密码、PIN 码或完整账号。\n"
                "\n"
                "## 保留 T-Mobile 的确认\n"
                "\n"
                "请向 T-Mobile 索取**受理编号**和注销生效的日期，并保留 T-Mobile 发给您的短信或邮件。"
                "请在申请页面上写下受理编号：客服专员会把它记录在 Lineout 的注销确认函上。"
                "Lineout 的注销确认函不是 T-Mobile 的文件，因此也请保留 T-Mobile 自己的确认。\n"
            ),
        },
        "steps": [
            {
                "title": {
                    "en": "Open your case on Lineout",
                    "zh_hans": "在 Lineout 创建申请",
                },
                "body": {
                    "en": (
                        "Work through the checklist, upload an ID scan or a recent bill, and "
                        "submit. An agent verifies your identity and documents; review "
                        "takes **1–3 business days**."
                    ),
                    "zh_hans": (
                        "完成核对清单，上传身份证件扫描件或近期账单，然后提交。"
                        "客服专员会核实您的身份和文件，审核需要 **1–3 个工作日**。"
                    ),
                },
            },
            {
                "source": fact(TMOBILE_CANCEL_A_LINE, CHECKED_AGAINST_TMOBILE_PAGES),
                "title": {
                    "en": "Call T-Mobile to cancel the line",
                    "zh_hans": "致电 T-Mobile 注销号码",
                },
                "body": {
                    "en": (
                        "- As the **Billing Responsible Party**, dial **611** from the line, "
                        "or **1-800-937-8997** from any phone. You can also ask at a "
                        "T-Mobile store. It cannot be done online or in the app.\n"
                        "- Name the line by the last four digits of the number.\n"
                        "- Say you want to **cancel** it, not port it.\n"
                        "- Ask when the cancellation takes effect and what the final bill "
                        "will include.\n"
                    ),
                    "zh_hans": (
                        "- 以**主账户持有人**的身份，用该号码拨打 **611**，或用任何电话拨打 "
                        "**1-800-937-8997**。也可以前往 T-Mobile 门店办理。无法在网上或应用中办理。\n"
                        "- 用号码后四位说明是哪个号码。\n"
                        "- 说明您要**注销**该号码，而不是携号转网。\n"
                        "- 询问注销何时生效，以及最终账单会包含哪些费用。\n"
                    ),
                },
            },
            {
                "source": fact(TMOBILE_BILLING_RESPONSIBLE_PARTY, CHECKED_AGAINST_TMOBILE_PAGES),
                "title": {"en": "Confirm who you are", "zh_hans": "确认您的身份"},
                "body": {
                    "en": (
                        "- T-Mobile asks the account holder for the **account PIN/passcode**. "
                        "Give it on this call, which **you** made.\n"
                        "- T-Mobile may text a one-time code to a phone on the account. Only "
                        "read it out when **you** contacted T-Mobile. Never give it to "
                        "someone who contacted you.\n"
                    ),
                    "zh_hans": (
                        "- T-Mobile 会要求账户持有人提供**账户 PIN 码/密码**。"
                        "在这通由**您本人**拨打的电话中提供即可。\n"
                        "- T-Mobile 可能会向账户内的手机发送一次性验证码。只有在**您主动**联系 "
                        "T-Mobile 时才可以提供它，绝不要告诉主动联系您的人。\n"
                    ),
                },
            },
            {
                "title": {
                    "en": "Send us T-Mobile's confirmation number",
                    "zh_hans": "把 T-Mobile 的受理编号发给我们",
                },
                "body": {
                    "en": (
                        "Write T-Mobile's confirmation number and the date the cancellation "
                        "takes effect on your case page. The agent records them and issues "
                        "your closing confirmation. Keep T-Mobile's own text or email too."
                    ),
                    "zh_hans": (
                        "请在申请页面上写下 T-Mobile 的受理编号和注销生效日期。"
                        "客服专员会记录下来，并为您出具注销确认函。也请保留 T-Mobile 发给您的短信或邮件。"
                    ),
                },
            },
            {
                "source": fact(TMOBILE_CANCEL_SERVICE, CHECKED_AGAINST_TMOBILE_PAGES),
                "title": {"en": "Clean up afterwards", "zh_hans": "事后收尾"},
                "body": {
                    "en": (
                        "Download the closing confirmation and keep it with T-Mobile's "
                        "confirmation. The final bill is issued after the bill cycle ends: "
                        "pay it, then turn off AutoPay only if no other line remains on "
                        "the account."
                    ),
                    "zh_hans": (
                        "下载注销确认函，与 T-Mobile 的确认放在一起保存。最终账单会在账单周期结束后出账："
                        "请付清，之后只有账户中不再有其他号码时，才关闭自动扣款。"
                    ),
                },
            },
        ],
    },
    # ----------------------------------------------------------------------------------
]
