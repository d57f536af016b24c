"""Guides: why close a line, and the conditions before closing."""

from .sources import CHECKED_AGAINST_TMOBILE_PAGES, TMOBILE_CANCEL_A_LINE, fact

GUIDES = [
    {
        "slug": "why-close-a-line",
        "carrier": None,
        "order": 1,
        "published": True,
        "title": {
            "en": "Why close a line you no longer use",
            "zh_hans": "为什么要注销不再使用的号码",
        },
        "summary": {
            "en": (
                "An unused line can keep costing money, and it keeps your accounts tied to a "
                "number you no longer watch. Closing it on purpose puts you back in control."
            ),
            "zh_hans": (
                "闲置的号码可能仍在持续扣费，而且您的各类账户仍与一个您已不再关注的号码绑定。"
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
                "Canceling the line stops new charges once the cancellation takes effect. At "
                "T-Mobile that is the **end of the current bill cycle**, not the day you "
                "call. One **final bill** for that cycle is still issued. That is normal. "
                "The guide \u201cAfter closing\u201d explains it.\n"
                "\n"
                "## 2. It protects the accounts tied to the number\n"
                "\n"
                "Many services use your phone number to recognize you:\n"
                "\n"
                "- **Banks and payment apps** send sign-in codes and alerts by text "
                "message.\n"
                "- **Email and social accounts** use the number to reset your password.\n"
                "- **Two-step verification** codes often arrive by SMS.\n"
                "\n"
                "When a line is canceled, the carrier releases the number. After a while it "
                "is **given to someone else**. That person would then receive any code still "
                "sent to it. So move these accounts to another number, or to an "
                "authenticator app, **before** you cancel the line.\n"
                "\n"
                "## 3. It releases the number cleanly\n"
                "\n"
                "A canceled line with a written confirmation is a clear ending. You know the "
                "date it stopped. You have proof. Nothing is left running in your name.\n"
                "\n"
                "## Not sure closing is right?\n"
                "\n"
                "- To **keep the number**, do not cancel the line. Move it to your new "
                "carrier instead. See the guide \u201cKeep your number\u201d.\n"
                "- If you only want fewer plastic SIM cards, or a cheaper plan, see "
                "\u201ceSIM: an alternative to closing\u201d.\n"
            ),
            "zh_hans": (
                "## 不用的号码，依然需要处理\n"
                "\n"
                "不再使用的号码很容易被遗忘，但它不会自行消失。主动注销能为您做到三件事。\n"
                "\n"
                "## 1. 停止持续扣费\n"
                "\n"
                "- 后付费号码无论是否使用，每月都会计费。\n"
                "- 设备保障、漫游包等附加服务也可能继续收费。\n"
                "- 预付费号码可能会通过已保存的银行卡自动续费。\n"
                "\n"
                "注销生效后，就不会再产生新的费用。在 T-Mobile，注销在**当前账单周期结束时**生效，"
                "而不是在您来电的当天。该账单周期的**最终账单**仍会出账，这是正常的。"
                "“注销之后”指南中有详细说明。\n"
                "\n"
                "## 2. 保护与号码绑定的账户\n"
                "\n"
                "很多服务都通过手机号码来识别您：\n"
                "\n"
                "- **银行和支付应用**会发送登录用的短信验证码和提醒。\n"
                "- **邮箱和社交账户**会用号码来重置密码。\n"
                "- **两步验证**常常通过短信发送一次性验证码。\n"
                "\n"
                "号码注销后，运营商会释放这个号码。一段时间后，号码会**分配给其他人**。"
                "此后发往该号码的短信验证码，都会被那个人收到。因此，请在注销**之前**，"
                "把这些账户改绑到其他号码或身份验证器应用。\n"
                "\n"
                "## 3. 干净地释放号码\n"
                "\n"
                "注销号码并取得书面确认，才算真正结束。您清楚服务停止的日期，手里有凭证，"
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
                "title": {"en": "Check what the line costs you", "zh_hans": "查看这个号码的花费"},
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
                        "向您发送**两步验证**短信验证码的服务。"
                    ),
                },
            },
            {
                "title": {"en": "Decide: close, keep or change", "zh_hans": "做出选择：注销、保留或更换"},
                "body": {
                    "en": (
                        "- **Cancel** the line if you no longer need the number.\n"
                        "- **Port** it if you want to keep the number with another carrier.\n"
                        "- **Change** the plan or move to eSIM if the line is still useful.\n"
                    ),
                    "zh_hans": (
                        "- 如果不再需要这个号码，就**注销**它。\n"
                        "- 如果想在其他运营商继续使用这个号码，就办理**携号转网**。\n"
                        "- 如果号码仍有用处，可以**更换**套餐或改用 eSIM。\n"
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
                "先处理好以下几件事，号码才能顺利注销，事后也不会留下麻烦。"
                "您申请中的核对清单也按同样的顺序排列。"
            ),
        },
        "body": {
            "en": (
                "## Why these come first\n"
                "\n"
                "Some things are hard to undo once a line is canceled. Take them one at a "
                "time. There is no rush.\n"
                "\n"
                "## Bills settled\n"
                "\n"
                "Pay any balance that is due now. An unpaid balance does not go away when "
                "the line does.\n"
                "\n"
                "## AutoPay: keep it on\n"
                "\n"
                "It may feel natural to stop AutoPay first. **Please don't.** The order "
                "matters:\n"
                "\n"
                "1. Keep AutoPay on while the line is being canceled.\n"
                "2. Wait for the **final bill**. It is issued after the last bill cycle "
                "ends.\n"
                "3. Check that the final bill has been paid.\n"
                "4. Only then, and **only if no other line remains on the account**, turn "
                "AutoPay off and remove your saved card.\n"
                "\n"
                "If AutoPay stops too early, the final bill may go unpaid and late fees can "
                "follow. On a family plan, AutoPay pays for every line on the account: "
                "turning it off means missed payments and a lost AutoPay discount for the "
                "lines that stay.\n"
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
                "If you are paying for a phone, tablet or watch in installments, ask the "
                "carrier what happens to the rest. At T-Mobile, while other lines stay open "
                "on the account, device payments (EIP) on a canceled line **keep billing "
                "every month**; the remaining balance falls due on the **final bill** only "
                "when the whole account closes. If a device is leased, or must be returned "
                "under a promotion, check the deadline. Promotional bill credits may stop "
                "when the line is canceled.\n"
                "\n"
                "## Ask about a device unlock\n"
                "\n"
                "An unlocked phone works with other carriers. Each carrier sets its own "
                "unlock conditions, such as the phone being paid off. If you want to keep "
                "using the phone elsewhere, it is simplest to ask **before** you cancel.\n"
                "\n"
                "## Back up your phone\n"
                "\n"
                "- **Contacts:** sync them to your account or export them.\n"
                "- **Photos and videos:** copy them to a computer or a cloud service.\n"
                "- **Messages:** text messages live on the phone, not with the carrier. "
                "Back them up if you want to keep them.\n"
                "- **Voicemail:** save any messages that matter. They are deleted when the "
                "line is canceled.\n"
            ),
            "zh_hans": (
                "## 为什么要先处理这些\n"
                "\n"
                "号码注销后，有些事情很难再挽回。请逐项处理，不必着急。\n"
                "\n"
                "## 结清账单\n"
                "\n"
                "请先付清目前到期的欠费。未结清的欠费不会因为号码注销而消失。\n"
                "\n"
                "## 自动扣款（AutoPay）：保持开启\n"
                "\n"
                "您可能想先关掉自动扣款。**请不要这样做。**顺序很重要：\n"
                "\n"
                "1. 在办理注销期间，保持自动扣款开启。\n"
                "2. 等待**最终账单**。它会在最后一个账单周期结束后出账。\n"
                "3. 确认最终账单已经付清。\n"
                "4. 只有在此之后，并且**账户中不再有其他号码**时，才关闭自动扣款并删除已保存的银行卡。\n"
                "\n"
                "如果过早关闭自动扣款，最终账单可能无人支付，随后还可能产生滞纳金。"
                "在家庭套餐中，自动扣款为账户下的所有号码付费：关闭它会导致其余号码漏缴账单，"
                "并失去自动扣款优惠。\n"
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
                "如果您正在分期支付手机、平板或手表，请向运营商询问剩余款项如何处理。"
                "在 T-Mobile，只要账户中还有其他号码在使用，已注销号码的设备分期付款（EIP）"
                "**仍会按月照常收取**；只有整个账户注销时，剩余款项才会一次性计入**最终账单**。"
                "如果设备是租用的，或者按促销条款需要归还，请确认归还期限。"
                "号码注销后，促销账单减免也可能随之停止。\n"
                "\n"
                "## 询问设备解锁\n"
                "\n"
                "解锁后的手机可以在其他运营商使用。各运营商的解锁条件不同，例如手机须已付清。"
                "如果想继续在其他运营商使用这部手机，最简单的做法是在注销**之前**申请。\n"
                "\n"
                "## 备份您的手机\n"
                "\n"
                "- **联系人：**同步到您的账户或导出保存。\n"
                "- **照片和视频：**复制到电脑或云存储。\n"
                "- **短信：**短信保存在手机上，而不在运营商那里。如需保留，请先备份。\n"
                "- **语音信箱：**保存重要的留言。号码注销后，留言会被删除。\n"
            ),
        },
        "steps": [
            {
                "title": {"en": "Pay what is due", "zh_hans": "付清到期费用"},
                "body": {
                    "en": "Settle the current balance, so nothing is overdue when you cancel.",
                    "zh_hans": "结清当前欠费，确保注销时没有逾期款项。",
                },
            },
            {
                "title": {"en": "Keep AutoPay for now", "zh_hans": "暂时保留自动扣款"},
                "body": {
                    "en": (
                        "Leave AutoPay on until the **final bill** is paid. Turn it off "
                        "after that only if no other line remains on the account."
                    ),
                    "zh_hans": (
                        "在**最终账单**付清之前，保持自动扣款（AutoPay）开启。"
                        "付清之后，只有账户中不再有其他号码时才关闭。"
                    ),
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
                "source": fact(TMOBILE_CANCEL_A_LINE, CHECKED_AGAINST_TMOBILE_PAGES),
                "title": {"en": "Settle your devices", "zh_hans": "处理好设备"},
                "body": {
                    "en": (
                        "Pay off or return any device on the line. At T-Mobile, device "
                        "payments (EIP) keep billing monthly while other lines stay on the "
                        "account."
                    ),
                    "zh_hans": (
                        "付清或归还该号码下的设备。在 T-Mobile，只要账户中还有其他号码，"
                        "设备分期付款（EIP）就会按月照常收取。"
                    ),
                },
            },
            {
                "title": {"en": "Ask about the unlock", "zh_hans": "询问解锁"},
                "body": {
                    "en": "Ask the carrier about unlocking the device before you cancel.",
                    "zh_hans": "在注销之前，向运营商询问设备解锁事宜。",
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
]
