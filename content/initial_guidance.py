"""The first guidance Lineout ships with, in English and Simplified Chinese.

Plain data only: ``python manage.py load_guidance`` turns it into rows, once. After that
the rows belong to the editors, who change them in the admin; the loader never overwrites
them. Every translated text is a dict ``{"en": ..., "zh_hans": ...}``.

Guide and FAQ texts are Markdown (no raw HTML). Checklist help is plain text. Email copy is
plain text with the placeholders of ``content.models.EMAIL_PLACEHOLDERS`` only; a literal
brace would be written ``{{`` or ``}}``. The system adds the unsubscribe line to reminders.
"""

# --------------------------------------------------------------------------------------
# Carriers
# --------------------------------------------------------------------------------------

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

# --------------------------------------------------------------------------------------
# Guides and their steps
# --------------------------------------------------------------------------------------

GUIDES = [
    # ----------------------------------------------------------------------------------
    {
        "slug": "why-close-a-line",
        "carrier": None,
        "order": 1,
        "published": True,
        "title": {
            "en": "Why close a line you no longer use",
            "zh_hans": "为什么要注销不再使用的线路",
        },
        "summary": {
            "en": (
                "An unused line can keep costing money, and it keeps your accounts tied to a "
                "number you no longer watch. Closing it on purpose puts you back in control."
            ),
            "zh_hans": (
                "闲置的线路可能仍在持续扣费，而且您的各类账户仍与一个您已不再关注的号码绑定。"
                "主动注销，才能把主动权拿回自己手中。"
            ),
        },
        "body": {
            "en": (
                "## A line you don't use still matters\n"
                "\n"
                "A phone line you stopped using is easy to forget. It does not go away by "
                "itself. Closing it on purpose does three things for you.\n"
                "\n"
                "## 1. It stops the recurring charges\n"
                "\n"
                "- A postpaid line is billed every month, whether you use it or not.\n"
                "- Add-ons, such as device protection or travel passes, may keep billing "
                "too.\n"
                "- A prepaid line may renew itself from a saved card.\n"
                "\n"
                "Closing the line stops new charges. One **final bill** for the last billing "
                "cycle may still arrive. That is normal. The guide \u201cAfter closing\u201d "
                "explains it.\n"
                "\n"
                "## 2. It protects the accounts tied to the number\n"
                "\n"
                "Many services use your phone number to recognise you:\n"
                "\n"
                "- **Banks and payment apps** send sign-in codes and alerts by text "
                "message.\n"
                "- **Email and social accounts** use the number to reset your password.\n"
                "- **Two-step verification** codes often arrive by SMS.\n"
                "\n"
                "When a line is closed, the carrier releases the number. After a while it is "
                "**given to someone else**. That person would then receive any code still "
                "sent to it. So move these accounts to another number, or to an "
                "authenticator app, **before** you close the line.\n"
                "\n"
                "## 3. It releases the number cleanly\n"
                "\n"
                "A closed line with a written confirmation is a clear ending. You know the "
                "date it stopped. You have proof. Nothing is left running in your name.\n"
                "\n"
                "## Not sure closing is right?\n"
                "\n"
                "- To **keep the number**, do not close the line. Move it to your new "
                "carrier instead. See the guide \u201cKeep your number\u201d.\n"
                "- If you only want fewer plastic SIM cards, or a cheaper plan, see "
                "\u201ceSIM: an alternative to closing\u201d.\n"
            ),
            "zh_hans": (
                "## 不用的线路，依然需要处理\n"
                "\n"
                "不再使用的线路很容易被遗忘，但它不会自行消失。主动注销能为您做到三件事。\n"
                "\n"
                "## 1. 停止持续扣费\n"
                "\n"
                "- 后付费线路无论是否使用，每月都会计费。\n"
                "- 设备保障、漫游包等附加服务也可能继续收费。\n"
                "- 预付费线路可能会通过已保存的银行卡自动续费。\n"
                "\n"
                "注销线路后，不会再产生新的费用。最后一个计费周期的**最终账单**仍可能寄来，"
                "这是正常的。“注销之后”指南中有详细说明。\n"
                "\n"
                "## 2. 保护与号码绑定的账户\n"
                "\n"
                "很多服务都通过手机号码来识别您：\n"
                "\n"
                "- **银行和支付应用**会通过短信发送登录验证码和提醒。\n"
                "- **邮箱和社交账户**会用号码来重置密码。\n"
                "- **两步验证**的验证码常常通过短信发送。\n"
                "\n"
                "线路注销后，运营商会释放这个号码。一段时间后，号码会**分配给其他人**。"
                "此后发往该号码的验证码，都会被那个人收到。因此，请在注销**之前**，"
                "把这些账户改绑到其他号码或身份验证器应用。\n"
                "\n"
                "## 3. 干净地释放号码\n"
                "\n"
                "注销线路并取得书面确认，才算真正结束。您清楚服务停止的日期，手里有凭证，"
                "名下也不会留下仍在运行的服务。\n"
                "\n"
                "## 不确定是否该注销？\n"
                "\n"
                "- 如果想**保留号码**，请不要注销，而是把号码转到新运营商。"
                "请参阅“保留您的号码”指南。\n"
                "- 如果只是想减少实体 SIM 卡或换个更便宜的套餐，请参阅"
                "“eSIM：注销之外的另一种选择”。\n"
            ),
        },
        "steps": [
            {
                "title": {"en": "Check what the line costs you", "zh_hans": "查看这条线路的花费"},
                "body": {
                    "en": (
                        "Look at your last two bills. Note the monthly plan, any add-ons and "
                        "any device payments that are still running."
                    ),
                    "zh_hans": "查看最近两期账单，记下月租、附加服务以及仍在分期支付的设备款。",
                },
            },
            {
                "title": {
                    "en": "List the accounts that use the number",
                    "zh_hans": "列出使用该号码的账户",
                },
                "body": {
                    "en": (
                        "Think of banks, payment apps, email, social media, shopping and "
                        "delivery apps, and anything that sends you a **two-step "
                        "verification** code by text."
                    ),
                    "zh_hans": (
                        "想一想银行、支付应用、邮箱、社交媒体、购物和外卖应用，以及所有通过短信"
                        "向您发送**两步验证**验证码的服务。"
                    ),
                },
            },
            {
                "title": {"en": "Decide: close, keep or change", "zh_hans": "做出选择：注销、保留或更换"},
                "body": {
                    "en": (
                        "- **Close** the line if you no longer need the number.\n"
                        "- **Port** it if you want to keep the number with another carrier.\n"
                        "- **Change** the plan or move to eSIM if the line is still useful.\n"
                    ),
                    "zh_hans": (
                        "- 如果不再需要这个号码，就**注销**线路。\n"
                        "- 如果想在其他运营商继续使用这个号码，就办理**携号转网**。\n"
                        "- 如果线路仍有用处，可以**更换**套餐或改用 eSIM。\n"
                    ),
                },
            },
        ],
    },
    # ----------------------------------------------------------------------------------
    {
        "slug": "before-you-close",
        "carrier": None,
        "order": 2,
        "published": True,
        "title": {
            "en": "Before you close: the conditions",
            "zh_hans": "注销之前：需要满足的条件",
        },
        "summary": {
            "en": (
                "A few things to settle first, so the line closes cleanly and nothing "
                "follows you afterwards. Your case checklist follows the same order."
            ),
            "zh_hans": (
                "先处理好以下几件事，线路才能顺利注销，事后也不会留下麻烦。"
                "您申请中的核对清单也按同样的顺序排列。"
            ),
        },
        "body": {
            "en": (
                "## Why these come first\n"
                "\n"
                "Some things are hard to undo once a line is closed. Take them one at a time. "
                "There is no rush.\n"
                "\n"
                "## Bills settled\n"
                "\n"
                "Pay any balance that is due now. An unpaid balance can hold up the closing, "
                "and it will not go away when the line does.\n"
                "\n"
                "## AutoPay: turn it off last\n"
                "\n"
                "It may feel natural to stop AutoPay first. **Please don't.** The order "
                "matters:\n"
                "\n"
                "1. Keep AutoPay on while the line is being closed.\n"
                "2. Wait for the **final bill**. It comes after the last billing cycle "
                "ends.\n"
                "3. Check that the final bill has been paid.\n"
                "4. Only then turn AutoPay off and remove your saved card.\n"
                "\n"
                "If AutoPay stops too early, the final bill may go unpaid and late fees can "
                "follow.\n"
                "\n"
                "## Logins moved off the number\n"
                "\n"
                "Once the number is released, it will one day belong to someone else. Move "
                "everything that relies on it:\n"
                "\n"
                "- **Bank and payment apps:** update the phone number in each one.\n"
                "- **Email and social accounts:** change the recovery phone number.\n"
                "- **Two-step verification:** switch to an authenticator app or a new "
                "number. Save the backup codes.\n"
                "\n"
                "Test each one. Sign out, then sign in again without the old number.\n"
                "\n"
                "## Devices returned or paid off\n"
                "\n"
                "If you are paying for a phone, tablet or watch in installments, the "
                "**remaining device balance** usually becomes due when the line closes. It "
                "lands on your **final bill**. If a device is leased, or must be returned "
                "under a promotion, check the deadline. Promotional bill credits may stop "
                "when the line closes.\n"
                "\n"
                "## Ask for a device unlock first\n"
                "\n"
                "An unlocked phone works with other carriers. At most carriers, an unlock "
                "needs an **active line** and a paid-off device. So ask for the unlock "
                "**before** you close the line.\n"
                "\n"
                "## Back up your phone\n"
                "\n"
                "- **Contacts** - sync them to your account or export them.\n"
                "- **Photos and videos** - copy them to a computer or a cloud service.\n"
                "- **Messages** - text messages live on the phone, not with the carrier. "
                "Back them up if you want to keep them.\n"
                "- **Voicemail** - save any messages that matter. They are lost when the "
                "line closes.\n"
            ),
            "zh_hans": (
                "## 为什么要先处理这些\n"
                "\n"
                "线路注销后，有些事情很难再挽回。请逐项处理，不必着急。\n"
                "\n"
                "## 结清账单\n"
                "\n"
                "请先付清目前到期的欠费。未结清的欠费可能会耽误注销，"
                "而且不会因为线路注销而消失。\n"
                "\n"
                "## 自动扣款：最后再关闭\n"
                "\n"
                "您可能想先关掉自动扣款。**请不要这样做。**顺序很重要：\n"
                "\n"
                "1. 在注销线路期间，保持自动扣款开启。\n"
                "2. 等待**最终账单**。它会在最后一个计费周期结束后寄来。\n"
                "3. 确认最终账单已经付清。\n"
                "4. 然后再关闭自动扣款，并删除已保存的银行卡。\n"
                "\n"
                "如果过早关闭自动扣款，最终账单可能无人支付，随后还可能产生滞纳金。\n"
                "\n"
                "## 将登录方式从该号码迁出\n"
                "\n"
                "号码被释放后，终有一天会归别人所有。请把所有依赖它的服务都迁出：\n"
                "\n"
                "- **银行和支付应用：**逐一更新手机号码。\n"
                "- **邮箱和社交账户：**修改用于找回账户的手机号码。\n"
                "- **两步验证：**改用身份验证器应用或新号码，并保存好备用码。\n"
                "\n"
                "每一项都请测试一下：先退出登录，再在不使用旧号码的情况下重新登录。\n"
                "\n"
                "## 设备已归还或已付清\n"
                "\n"
                "如果您正在分期支付手机、平板或手表，线路注销时，**剩余的设备款**通常会"
                "一次性到期，并计入您的**最终账单**。如果设备是租用的，或者按促销条款需要归还，"
                "请确认归还期限。线路注销后，促销账单减免也可能随之停止。\n"
                "\n"
                "## 先申请设备解锁\n"
                "\n"
                "解锁后的手机可以在其他运营商使用。大多数运营商要求线路**仍在使用中**且设备"
                "已付清，才会办理解锁。因此，请在注销**之前**申请解锁。\n"
                "\n"
                "## 备份您的手机\n"
                "\n"
                "- **联系人**：同步到您的账户或导出保存。\n"
                "- **照片和视频**：复制到电脑或云存储。\n"
                "- **短信**：短信保存在手机上，而不在运营商那里。如需保留，请先备份。\n"
                "- **语音信箱**：保存重要的留言。线路注销后，留言将无法找回。\n"
            ),
        },
        "steps": [
            {
                "title": {"en": "Pay what is due", "zh_hans": "付清到期费用"},
                "body": {
                    "en": "Settle the current balance, so nothing is overdue when the line closes.",
                    "zh_hans": "结清当前欠费，确保注销时没有逾期款项。",
                },
            },
            {
                "title": {"en": "Keep AutoPay for now", "zh_hans": "暂时保留自动扣款"},
                "body": {
                    "en": (
                        "Leave AutoPay on until the **final bill** is paid. Turn it off "
                        "after that, not before."
                    ),
                    "zh_hans": "在**最终账单**付清之前，保持自动扣款开启。付清之后再关闭，不要提前。",
                },
            },
            {
                "title": {
                    "en": "Move logins and two-step verification",
                    "zh_hans": "迁出登录方式和两步验证",
                },
                "body": {
                    "en": (
                        "Update the phone number at your bank, email and social accounts. "
                        "Switch two-step verification to an authenticator app or a new "
                        "number."
                    ),
                    "zh_hans": "在银行、邮箱和社交账户中更新手机号码。将两步验证改为身份验证器应用或新号码。",
                },
            },
            {
                "title": {"en": "Settle your devices", "zh_hans": "处理好设备"},
                "body": {
                    "en": (
                        "Pay off or return any device on the account. A remaining "
                        "installment balance will appear on the final bill."
                    ),
                    "zh_hans": "付清或归还账户下的设备。剩余的分期设备款会出现在最终账单上。",
                },
            },
            {
                "title": {"en": "Request the unlock", "zh_hans": "申请解锁"},
                "body": {
                    "en": "Ask for the device unlock while the line is still active.",
                    "zh_hans": "趁线路仍在使用中，申请设备解锁。",
                },
            },
            {
                "title": {"en": "Back up", "zh_hans": "备份"},
                "body": {
                    "en": "Save your contacts, photos, messages and any voicemail you want to keep.",
                    "zh_hans": "保存您的联系人、照片、短信以及想保留的语音留言。",
                },
            },
        ],
    },
    # ----------------------------------------------------------------------------------
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
    {
        "slug": "after-closing",
        "carrier": None,
        "order": 5,
        "published": True,
        "title": {
            "en": "After closing: final bill, refunds and records",
            "zh_hans": "注销之后：最终账单、退款与凭证",
        },
        "summary": {
            "en": (
                "What to expect once the line is closed: one last bill, a possible refund of "
                "prepaid balance, and a few records worth keeping."
            ),
            "zh_hans": "线路注销后会发生什么：最后一期账单、可能的预付费余额退款，以及值得保留的几份凭证。",
        },
        "body": {
            "en": (
                "## The final billing cycle\n"
                "\n"
                "Service stops on the closing date. Billing, though, runs in cycles. So:\n"
                "\n"
                "- A **final bill** arrives after the last cycle ends. That can be a few "
                "weeks after the line closed.\n"
                "- It may include **charges for part of a month**. Some carriers charge the "
                "full last cycle instead.\n"
                "- Any **remaining device balance** and one-time fees appear on it too.\n"
                "\n"
                "Read each line of the bill. If something looks wrong, contact the carrier "
                "and ask. Note the date, the name of the person and any reference number.\n"
                "\n"
                "Once the final bill is paid, turn off AutoPay and remove your saved card.\n"
                "\n"
                "## Prepaid balance refunds\n"
                "\n"
                "If the line was prepaid and money was left on it, you can ask for it back. "
                "Policies differ between carriers, so it is worth asking.\n"
                "\n"
                "**How to ask:**\n"
                "\n"
                "1. Contact the carrier's customer care.\n"
                "2. Say the line was closed, and on which date.\n"
                "3. Ask for the remaining balance to be refunded, and how long it will "
                "take.\n"
                "\n"
                "**What to keep as proof:**\n"
                "\n"
                "- a screenshot of the balance from before the closing;\n"
                "- your top-up receipts;\n"
                "- the closing confirmation;\n"
                "- the date and reference number of your refund request.\n"
                "\n"
                "## Keep the closing confirmation\n"
                "\n"
                "Download it from your case and store it with the final bill. It helps if a "
                "charge appears later, or if anyone claims the line is still yours.\n"
                "\n"
                "## Check the line has gone\n"
                "\n"
                "A few days after closing, sign in to your carrier account. The line should "
                "no longer show as active. If it still does, or if it is still billed, "
                "contact the carrier and show your confirmation.\n"
                "\n"
                "## Keep your backups\n"
                "\n"
                "Keep the backup of your contacts, photos and messages. Before you reset or "
                "sell the old phone, check that the backup opens on another device.\n"
            ),
            "zh_hans": (
                "## 最后一个计费周期\n"
                "\n"
                "服务在注销当天停止，但计费是按周期进行的。因此：\n"
                "\n"
                "- **最终账单**会在最后一个计费周期结束后寄来，可能是线路注销几周之后。\n"
                "- 账单中可能包含**不足一个月的费用**。也有运营商会按整个周期收费。\n"
                "- **剩余的设备款**和一次性费用也会列在上面。\n"
                "\n"
                "请逐项核对账单。如有疑问，请联系运营商询问，并记下日期、接待人员的姓名和参考编号。\n"
                "\n"
                "最终账单付清后，再关闭自动扣款并删除已保存的银行卡。\n"
                "\n"
                "## 预付费余额退款\n"
                "\n"
                "如果是预付费线路且仍有余额，您可以申请退还。各运营商的政策不同，值得问一问。\n"
                "\n"
                "**如何申请：**\n"
                "\n"
                "1. 联系运营商客服。\n"
                "2. 说明线路已经注销，以及注销日期。\n"
                "3. 申请退还剩余余额，并询问需要多长时间。\n"
                "\n"
                "**请保留以下凭证：**\n"
                "\n"
                "- 注销前的余额截图；\n"
                "- 充值收据；\n"
                "- 注销确认函；\n"
                "- 退款申请的日期和参考编号。\n"
                "\n"
                "## 保留注销确认函\n"
                "\n"
                "请从您的申请页面下载确认函，与最终账单放在一起保存。"
                "如果日后出现扣费，或有人声称这条线路仍属于您，它会派上用场。\n"
                "\n"
                "## 确认线路已消失\n"
                "\n"
                "注销几天后，请登录运营商账户。这条线路不应再显示为使用中。"
                "如果仍然显示或仍在计费，请联系运营商并出示您的确认函。\n"
                "\n"
                "## 保留备份\n"
                "\n"
                "请保留联系人、照片和短信的备份。在重置或出售旧手机之前，"
                "先确认备份能在另一台设备上正常打开。\n"
            ),
        },
        "steps": [
            {
                "title": {"en": "Watch for the final bill", "zh_hans": "留意最终账单"},
                "body": {
                    "en": "It comes after the last billing cycle ends. Check every charge on it.",
                    "zh_hans": "它会在最后一个计费周期结束后寄来。请逐项核对其中的费用。",
                },
            },
            {
                "title": {
                    "en": "Pay it, then turn off AutoPay",
                    "zh_hans": "付清账单，再关闭自动扣款",
                },
                "body": {
                    "en": "Once the final bill is paid, turn off AutoPay and remove your saved card.",
                    "zh_hans": "最终账单付清后，关闭自动扣款并删除已保存的银行卡。",
                },
            },
            {
                "title": {
                    "en": "Ask for any prepaid balance back",
                    "zh_hans": "申请退还预付费余额",
                },
                "body": {
                    "en": (
                        "Contact the carrier and ask for a refund. Keep the balance "
                        "screenshot, receipts and the request's reference number."
                    ),
                    "zh_hans": "联系运营商申请退款。保留余额截图、收据和申请的参考编号。",
                },
            },
            {
                "title": {"en": "Keep your records", "zh_hans": "保存好凭证"},
                "body": {
                    "en": "Store the closing confirmation with the final bill.",
                    "zh_hans": "把注销确认函和最终账单一起保存。",
                },
            },
            {
                "title": {"en": "Check the account", "zh_hans": "检查账户"},
                "body": {
                    "en": (
                        "A few days later, make sure the line no longer appears as active in "
                        "your carrier account."
                    ),
                    "zh_hans": "几天后，确认运营商账户中这条线路已不再显示为使用中。",
                },
            },
        ],
    },
    # ----------------------------------------------------------------------------------
    {
        "slug": "esim-instead-of-closing",  # == content.models.ESIM_GUIDE_SLUG
        "carrier": None,
        "order": 6,
        "published": True,
        "title": {
            "en": "eSIM: an alternative to closing",
            "zh_hans": "eSIM：注销之外的另一种选择",
        },
        "summary": {
            "en": (
                "If you want fewer plastic SIM cards, easier travel or a lower bill, moving "
                "to eSIM or a cheaper plan may suit you better than closing the line."
            ),
            "zh_hans": (
                "如果您想减少实体 SIM 卡、出行更方便或降低话费，改用 eSIM 或更便宜的套餐，"
                "可能比注销线路更合适。"
            ),
        },
        "body": {
            "en": (
                "## Maybe you don't need to close\n"
                "\n"
                "Closing a line is final for that number. If the real aim is something "
                "else, there may be a gentler way:\n"
                "\n"
                "- **Fewer plastic SIM cards:** move the line to an eSIM. Same number, same "
                "plan, no card.\n"
                "- **Travelling:** keep your home line and add a travel data eSIM next to "
                "it. Many phones use two lines at once.\n"
                "- **Cost:** a smaller or prepaid plan may cost much less, and you keep the "
                "number and the accounts tied to it.\n"
                "\n"
                "## What an eSIM is\n"
                "\n"
                "An eSIM is a SIM built into the phone. Instead of a card, the carrier gives "
                "you a **profile** to download, usually with a QR code or through its app. "
                "It works like a card SIM: the same number, the same plan. Many phones can "
                "store several eSIM profiles.\n"
                "\n"
                "## Which phones support it\n"
                "\n"
                "- Most iPhones from recent years. Recent iPhone models sold in the US work "
                "**only** with eSIM.\n"
                "- Many recent Google Pixel and Samsung Galaxy phones, and other recent "
                "Android phones.\n"
                "- To check, look in the phone's settings for an **EID** number or an "
                "option to add an eSIM. Or ask your carrier.\n"
                "- To use another carrier's eSIM, the phone must be **unlocked**.\n"
                "\n"
                "## How switching works, in general\n"
                "\n"
                "1. Check that the phone supports eSIM.\n"
                "2. Ask your carrier to move the line to eSIM - in the app, online, by "
                "phone or in a store. Expect an identity check.\n"
                "3. Connect to Wi-Fi and follow the steps: scan the QR code or accept the "
                "prompt.\n"
                "4. Make a test call. The old SIM card stops working once the eSIM is "
                "active.\n"
                "\n"
                "**Good to know:** deleting an eSIM from the phone does **not** close the "
                "line. The line stays open and keeps billing until you close it with the "
                "carrier.\n"
                "\n"
                "## When closing is still the right choice\n"
                "\n"
                "- You no longer need the number at all.\n"
                "- You have moved your accounts and two-step verification off it.\n"
                "- You do not want to keep paying for it in any form.\n"
                "\n"
                "If that is you, go back to \u201cBefore you close\u201d and start there.\n"
            ),
            "zh_hans": (
                "## 也许您不需要注销\n"
                "\n"
                "注销线路对这个号码来说是不可逆的。如果您真正的目的不是这个，或许有更温和的办法：\n"
                "\n"
                "- **减少实体 SIM 卡：**把线路改为 eSIM。号码不变，套餐不变，不再需要卡片。\n"
                "- **出行：**保留原有线路，再额外添加一个旅行流量 eSIM。许多手机可以同时使用两条线路。\n"
                "- **费用：**更小的套餐或预付费套餐可能便宜很多，而且您可以保留号码及其绑定的账户。\n"
                "\n"
                "## 什么是 eSIM\n"
                "\n"
                "eSIM 是内置在手机里的 SIM。运营商不再给您卡片，而是提供一个可下载的**配置文件**，"
                "通常通过二维码或其应用安装。它的作用和实体 SIM 卡一样：号码相同，套餐相同。"
                "许多手机可以保存多个 eSIM 配置文件。\n"
                "\n"
                "## 哪些手机支持 eSIM\n"
                "\n"
                "- 近几年的大多数 iPhone。在美国销售的较新款 iPhone **只**支持 eSIM。\n"
                "- 许多较新的 Google Pixel、Samsung Galaxy 及其他安卓手机。\n"
                "- 检查方法：在手机设置中查找 **EID** 号码或“添加 eSIM”选项，也可以询问运营商。\n"
                "- 如要使用其他运营商的 eSIM，手机必须已**解锁**。\n"
                "\n"
                "## 切换的一般流程\n"
                "\n"
                "1. 确认手机支持 eSIM。\n"
                "2. 请运营商把线路改为 eSIM：可以在应用中、网上、电话或门店办理，通常需要验证身份。\n"
                "3. 连接 Wi-Fi，按提示操作：扫描二维码或确认弹出的提示。\n"
                "4. 拨打一个测试电话。eSIM 激活后，原来的 SIM 卡将停止工作。\n"
                "\n"
                "**须知：**从手机中删除 eSIM **并不会**注销线路。在您向运营商办理注销之前，"
                "线路仍然有效并会继续计费。\n"
                "\n"
                "## 什么时候仍然应该注销\n"
                "\n"
                "- 您已完全不需要这个号码。\n"
                "- 您已把各类账户和两步验证从该号码迁出。\n"
                "- 您不想再以任何形式为它付费。\n"
                "\n"
                "如果符合以上情况，请回到“注销之前”指南，从那里开始。\n"
            ),
        },
        "steps": [
            {
                "title": {"en": "Decide what you want", "zh_hans": "想清楚您的目的"},
                "body": {
                    "en": (
                        "Fewer cards, travel, or a lower bill? Each has an answer that keeps "
                        "your number."
                    ),
                    "zh_hans": "是想减少卡片、方便出行，还是降低话费？每一种都有保留号码的解决办法。",
                },
            },
            {
                "title": {"en": "Check your phone", "zh_hans": "检查您的手机"},
                "body": {
                    "en": (
                        "Look for an EID or an add-eSIM option in the settings. For another "
                        "carrier's eSIM, make sure the phone is unlocked."
                    ),
                    "zh_hans": "在设置中查找 EID 或“添加 eSIM”选项。如要使用其他运营商的 eSIM，请确认手机已解锁。",
                },
            },
            {
                "title": {"en": "Ask the carrier to convert", "zh_hans": "请运营商办理转换"},
                "body": {
                    "en": "Ask for the line to be moved to eSIM, or for a cheaper plan.",
                    "zh_hans": "申请把线路改为 eSIM，或改用更便宜的套餐。",
                },
            },
            {
                "title": {"en": "Activate and test", "zh_hans": "激活并测试"},
                "body": {
                    "en": (
                        "Install the eSIM over Wi-Fi, then make a test call and send a test "
                        "text."
                    ),
                    "zh_hans": "通过 Wi-Fi 安装 eSIM，然后拨打测试电话并发送测试短信。",
                },
            },
        ],
    },
]

# --------------------------------------------------------------------------------------
# Checklist (help texts are plain text, not Markdown)
# --------------------------------------------------------------------------------------

CHECKLIST_ITEMS = [
    {
        "key": "bills_settled",
        "carrier": None,
        "required": True,
        "order": 1,
        "label": {
            "en": "My current bills are paid, with nothing overdue.",
            "zh_hans": "我已付清当前账单，没有逾期欠费。",
        },
        "help": {
            "en": (
                "Pay any balance that is due now. A final bill for the last billing cycle "
                "will still come later; that one is paid separately."
            ),
            "zh_hans": "请付清目前到期的欠费。最后一个计费周期的最终账单之后仍会寄来，需另行支付。",
        },
    },
    {
        "key": "autopay_plan",
        "carrier": None,
        "required": True,
        "order": 2,
        "label": {
            "en": "I will keep AutoPay on until the final bill is paid, and turn it off after.",
            "zh_hans": "我会保持自动扣款开启，直到最终账单付清后再关闭。",
        },
        "help": {
            "en": (
                "The final bill arrives after the line closes. If AutoPay is already off, it "
                "may go unpaid and late fees can follow."
            ),
            "zh_hans": "最终账单会在线路注销后寄来。如果自动扣款已经关闭，账单可能无人支付，进而产生滞纳金。",
        },
    },
    {
        "key": "logins_moved",
        "carrier": None,
        "required": True,
        "order": 3,
        "label": {
            "en": (
                "My bank, social and other logins, and my two-step verification, no longer "
                "use this number."
            ),
            "zh_hans": "我的银行、社交等账户的登录方式和两步验证，都已不再使用这个号码。",
        },
        "help": {
            "en": (
                "A released number is later given to someone else, who would receive your "
                "codes. Switch to an authenticator app or another number, and test each "
                "sign-in."
            ),
            "zh_hans": (
                "被释放的号码之后会分配给其他人，对方将收到发给您的验证码。"
                "请改用身份验证器应用或其他号码，并逐一测试登录。"
            ),
        },
    },
    {
        "key": "device_paid_or_returned",
        "carrier": None,
        "required": True,
        "order": 4,
        "label": {
            "en": "Any device on this line is paid off or returned.",
            "zh_hans": "这条线路下的设备已经付清或已归还。",
        },
        "help": {
            "en": (
                "A remaining installment balance usually becomes due when the line closes "
                "and lands on the final bill. Leased devices may have to be returned by a "
                "deadline."
            ),
            "zh_hans": "剩余的分期设备款通常会在注销时一次性到期，并计入最终账单。租用的设备可能需要在期限内归还。",
        },
    },
    {
        "key": "device_unlock_requested",
        "carrier": None,
        "required": False,
        "order": 5,
        "label": {
            "en": "I have asked for my phone to be unlocked (optional).",
            "zh_hans": "我已申请手机解锁（可选）。",
        },
        "help": {
            "en": (
                "Most carriers only unlock a device while the line is still active. Ask now "
                "if you want to use the phone with another carrier."
            ),
            "zh_hans": "大多数运营商只在线路仍在使用时办理解锁。如果想在其他运营商使用这部手机，请现在申请。",
        },
    },
    {
        "key": "backup_done",
        "carrier": None,
        "required": True,
        "order": 6,
        "label": {
            "en": "My contacts, photos and messages are backed up.",
            "zh_hans": "我已备份联系人、照片和短信。",
        },
        "help": {
            "en": (
                "Text messages and voicemail are not kept for you after the line closes. "
                "Save anything you want to keep."
            ),
            "zh_hans": "线路注销后，短信和语音留言不会为您保留。请保存所有想保留的内容。",
        },
    },
    {
        "key": "not_porting",
        "carrier": None,
        "required": True,
        "order": 7,
        "label": {
            "en": "I do not want to keep this number. I understand it will be released.",
            "zh_hans": "我不想保留这个号码，并了解号码将被释放。",
        },
        "help": {
            "en": (
                "To keep the number, do not close the line: ask your new carrier to port "
                "it. The port closes the old line for you."
            ),
            "zh_hans": "如果想保留号码，请不要注销线路，而是请新运营商办理携号转网。转网完成后旧线路会自动关闭。",
        },
    },
    {
        "key": "tmobile_account_holder",
        "carrier": "t-mobile",
        "required": False,
        "order": 8,
        "label": {
            "en": "I am the account holder or an authorized user on the T-Mobile account.",
            "zh_hans": "我是该 T-Mobile 账户的持有人或授权用户。",
        },
        "help": {
            "en": (
                "T-Mobile normally lets the account holder end a line. If you are not, ask "
                "the account holder to do it or to join you."
            ),
            "zh_hans": "T-Mobile 通常由账户持有人办理线路注销。如果您不是持有人，请让持有人办理，或请其与您一起办理。",
        },
    },
]

# --------------------------------------------------------------------------------------
# FAQ (answers are Markdown)
# --------------------------------------------------------------------------------------

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

# --------------------------------------------------------------------------------------
# Email copy: one entry per content.models.EmailCopy.Key. Plain text. The system adds the
# unsubscribe line to reminders.
# --------------------------------------------------------------------------------------

_SIGN_OFF = {"en": "\n\nThe Lineout team\n", "zh_hans": "\n\nLineout 团队\n"}


def _email(key: str, subject: dict, body: dict) -> dict:
    return {
        "key": key,
        "subject": subject,
        "body": {lang: text.strip("\n") + _SIGN_OFF[lang] for lang, text in body.items()},
    }


EMAIL_COPY = [
    _email(
        "case_submitted",
        {
            "en": "We received your case {reference}",
            "zh_hans": "我们已收到您的销号申请 {reference}",
        },
        {
            "en": """
Hello {first_name},

Thank you. We have received your case to close the {carrier} line {masked_phone}.

Reference: {reference}
Status: {state}

What happens next: an agent will check your identity and the details of your case. This usually takes 1 to 3 business days. We will email you whenever something changes.

You can follow your case, or withdraw it, here:
{case_url}

We will never ask for your carrier password, PIN or full account number.
""",
            "zh_hans": """
{first_name}，您好：

感谢您的提交。我们已收到您注销 {carrier} 线路 {masked_phone} 的销号申请。

申请编号：{reference}
状态：{state}

接下来：客服专员会核实您的身份和申请信息，通常需要 1 到 3 个工作日。情况有任何变化，我们都会发邮件通知您。

您可以在这里查看或撤回您的申请：
{case_url}

我们绝不会索要您的运营商密码、PIN 码或完整账号。
""",
        },
    ),
    _email(
        "case_verifying",
        {
            "en": "Your case {reference} is under review",
            "zh_hans": "您的申请 {reference} 正在审核中",
        },
        {
            "en": """
Hello {first_name},

An agent has started reviewing your case {reference} for the {carrier} line {masked_phone}.

We expect to finish by {expected_by}. If we need anything from you, we will email you and you can answer on the case page.

Your case:
{case_url}
""",
            "zh_hans": """
{first_name}，您好：

客服专员已开始审核您关于 {carrier} 线路 {masked_phone} 的申请 {reference}。

预计在 {expected_by} 之前完成。如需您补充信息，我们会发邮件通知您，您可以在申请页面上回复。

您的申请：
{case_url}
""",
        },
    ),
    _email(
        "case_needs_info",
        {
            "en": "We need a little more information for {reference}",
            "zh_hans": "您的申请 {reference} 需要补充信息",
        },
        {
            "en": """
Hello {first_name},

To continue with your case {reference}, our agent needs something from you:

{message}

Please answer on your case page. The review continues as soon as you do:
{case_url}

If we ask for a document, upload it on the case page. Never send your carrier password or PIN; we do not need them.
""",
            "zh_hans": """
{first_name}，您好：

为继续处理您的申请 {reference}，客服专员需要您提供以下信息：

{message}

请在申请页面上回复，您回复后审核会立即继续：
{case_url}

如需补充文件，请在申请页面上传。请勿发送您的运营商密码或 PIN 码，我们不需要这些信息。
""",
        },
    ),
    _email(
        "case_info_provided",
        {
            "en": "Thank you, we have your answer for {reference}",
            "zh_hans": "谢谢，我们已收到您对申请 {reference} 的回复",
        },
        {
            "en": """
Hello {first_name},

Thank you for your answer. We have added it to your case {reference}:

{message}

The review is back in progress. We will email you when there is news.

Your case:
{case_url}
""",
            "zh_hans": """
{first_name}，您好：

感谢您的回复，我们已将其添加到您的申请 {reference} 中：

{message}

审核已恢复进行。有新进展时，我们会发邮件通知您。

您的申请：
{case_url}
""",
        },
    ),
    _email(
        "case_done",
        {
            "en": "Your {carrier} line {masked_phone} is closed",
            "zh_hans": "您的 {carrier} 线路 {masked_phone} 已注销",
        },
        {
            "en": """
Hello {first_name},

Your case {reference} is done: the {carrier} line {masked_phone} is closed.

You can download your closing confirmation here. Please keep it safe:
{case_url}

What to do next:
- Watch for the final bill. It comes after the last billing cycle ends and may include part of a month or a remaining device balance.
- Keep AutoPay on until the final bill is paid. Turn it off after that.
- If the line was prepaid, ask the carrier to refund any remaining balance.
- In a few days, check that the line no longer appears in your carrier account.

We will remind you about the final bill.
""",
            "zh_hans": """
{first_name}，您好：

您的申请 {reference} 已完成：{carrier} 线路 {masked_phone} 已注销。

您可以在这里下载注销确认函，请妥善保存：
{case_url}

接下来：
- 留意最终账单。它会在最后一个计费周期结束后寄来，可能包含不足一个月的费用或剩余的设备款。
- 在最终账单付清之前，请保持自动扣款开启，付清后再关闭。
- 如果是预付费线路，请向运营商申请退还剩余的预付费余额。
- 几天后，请确认运营商账户中已不再显示这条线路。

我们会提醒您查看最终账单。
""",
        },
    ),
    _email(
        "case_rejected",
        {
            "en": "We could not complete your case {reference}",
            "zh_hans": "我们无法完成您的申请 {reference}",
        },
        {
            "en": """
Hello {first_name},

We are sorry. We could not complete your case {reference} for the {carrier} line {masked_phone}.

The reason:
{reason}

Your line has not been closed through Lineout. If the reason can be fixed, you are welcome to open a new case.

Your case:
{case_url}
""",
            "zh_hans": """
{first_name}，您好：

很抱歉，我们无法完成您关于 {carrier} 线路 {masked_phone} 的申请 {reference}。

原因：
{reason}

您的线路并未通过 Lineout 注销。如果上述问题可以解决，欢迎您重新提交申请。

您的申请：
{case_url}
""",
        },
    ),
    _email(
        "case_withdrawn",
        {
            "en": "You withdrew your case {reference}",
            "zh_hans": "您已撤回申请 {reference}",
        },
        {
            "en": """
Hello {first_name},

As you asked, your case {reference} has been withdrawn. Nothing more will happen to the {carrier} line {masked_phone} through Lineout. The line stays open and billing continues as before.

Your documents will be deleted 30 days from now.

You can see the case here:
{case_url}

If you change your mind, you can open a new case at any time.
""",
            "zh_hans": """
{first_name}，您好：

按照您的要求，申请 {reference} 已撤回。Lineout 不会再对 {carrier} 线路 {masked_phone} 做任何处理。该线路仍然有效，并照常计费。

您上传的文件将在 30 天后删除。

您可以在这里查看该申请：
{case_url}

如果您改变主意，可以随时重新提交申请。
""",
        },
    ),
    _email(
        "review_follow_up",
        {
            "en": "Your case {reference} is still being reviewed",
            "zh_hans": "您的申请 {reference} 仍在审核中",
        },
        {
            "en": """
Hello {first_name},

A quick update: your case {reference} for the {carrier} line {masked_phone} is still under review. There is nothing you need to do right now.

We expect to finish by {expected_by}. If we need something, we will email you.

Your case:
{case_url}
""",
            "zh_hans": """
{first_name}，您好：

简要进展：您关于 {carrier} 线路 {masked_phone} 的申请 {reference} 仍在审核中，目前您无需进行任何操作。

预计在 {expected_by} 之前完成。如需您补充信息，我们会发邮件通知您。

您的申请：
{case_url}
""",
        },
    ),
    _email(
        "review_overdue",
        {
            "en": "Your case {reference} is taking longer than expected",
            "zh_hans": "您的申请 {reference} 审核时间比预期长",
        },
        {
            "en": """
Hello {first_name},

Your case {reference} is taking longer than the usual 1 to 3 business days. We are sorry for the wait.

We are on it: your case has been flagged to our agents, and you do not need to do anything. We will email you as soon as there is news.

Your case:
{case_url}
""",
            "zh_hans": """
{first_name}，您好：

您的申请 {reference} 的审核时间已超过通常的 1 到 3 个工作日，让您久等了，非常抱歉。

我们正在处理：您的申请已提醒客服专员优先跟进，您无需进行任何操作。一有进展，我们会立即发邮件通知您。

您的申请：
{case_url}
""",
        },
    ),
    _email(
        "info_nudge",
        {
            "en": "We are still waiting for your answer on {reference}",
            "zh_hans": "我们仍在等待您对申请 {reference} 的回复",
        },
        {
            "en": """
Hello {first_name},

Your case {reference} is paused until we hear from you. Our agent asked you for some more information. You can read the question, and answer it, on your case page:
{case_url}

Once you answer, the review continues. If you no longer want to close the line, you can withdraw the case on the same page.
""",
            "zh_hans": """
{first_name}，您好：

您的申请 {reference} 正在等待您的回复，暂停处理中。客服专员需要您补充一些信息，您可以在申请页面上查看问题并回复：
{case_url}

您回复后，审核将随即继续。如果您不想再注销这条线路，也可以在同一页面撤回申请。
""",
        },
    ),
    _email(
        "final_bill",
        {
            "en": "Time to check your final bill from {carrier}",
            "zh_hans": "请查看 {carrier} 寄来的最终账单",
        },
        {
            "en": """
Hello {first_name},

Your {carrier} line {masked_phone} was closed. Its final bill should be ready around {due_date}.

When it arrives:
- Check each charge. It may include part of a month, or a remaining device balance.
- Make sure it is paid. Then turn off AutoPay and remove your saved card.
- If the line was prepaid, ask the carrier to refund any remaining balance.
- Keep your closing confirmation with the final bill.

Your case and confirmation:
{case_url}
""",
            "zh_hans": """
{first_name}，您好：

您的 {carrier} 线路 {masked_phone} 已注销，其最终账单应在 {due_date} 前后出具。

收到账单后：
- 逐项核对费用，其中可能包含不足一个月的费用或剩余的设备款。
- 确认账单已付清，然后再关闭自动扣款并删除已保存的银行卡。
- 如果是预付费线路，请向运营商申请退还剩余余额。
- 把注销确认函和最终账单一起保存。

您的申请和确认函：
{case_url}
""",
        },
    ),
    _email(
        "balance_refund",
        {
            "en": "Ask {carrier} to refund your prepaid balance",
            "zh_hans": "向 {carrier} 申请退还预付费余额",
        },
        {
            "en": """
Hello {first_name},

When you closed the {carrier} line {masked_phone}, you told us a balance of {balance} was left on it. If you have not had it back yet, now is a good time to ask.

How to ask:
1. Contact {carrier} customer care.
2. Say the line was closed, and give the closing date from your confirmation.
3. Ask for the remaining balance to be refunded, and how long it will take.

Keep as proof: a screenshot of the balance, your top-up receipts, the closing confirmation, and the date and reference number of your request.

Your case and confirmation:
{case_url}
""",
            "zh_hans": """
{first_name}，您好：

您注销 {carrier} 线路 {masked_phone} 时告诉我们，线路中还剩预付费余额 {balance}。如果尚未退还，现在正是申请的好时机。

申请方法：
1. 联系 {carrier} 客服。
2. 说明线路已注销，并提供确认函上的注销日期。
3. 申请退还剩余余额，并询问需要多长时间。

请保留以下凭证：余额截图、充值收据、注销确认函，以及申请的日期和参考编号。

您的申请和确认函：
{case_url}
""",
        },
    ),
]
