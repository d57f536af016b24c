"""Guides: after closing, and eSIM as an alternative."""

GUIDES = [
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
                "What to expect once the line is canceled: one last bill, perhaps a refund "
                "of a prepaid balance, and a few records worth keeping."
            ),
            "zh_hans": "号码注销后会发生什么：最终账单、可能的预付费余额退款，以及值得保留的几份凭证。",
        },
        "body": {
            "en": (
                "## The final bill cycle\n"
                "\n"
                "A cancellation does not always take effect on the day you ask. At T-Mobile, "
                "every cancellation is future dated: it takes effect at the **end of the "
                "current bill cycle**. So:\n"
                "\n"
                "- You pay for that whole cycle. Do not expect a bill that stops on the day "
                "you called.\n"
                "- A **final bill** is issued after the cycle ends.\n"
                "- **Device payments (EIP):** while other lines stay open on the account, "
                "they keep billing every month. The remaining balance falls due on the "
                "final bill only when the whole account closes.\n"
                "\n"
                "Read each line of the bill. If something looks wrong, contact the carrier "
                "and ask. Note the date, the name of the person and any reference number "
                "they give you.\n"
                "\n"
                "## AutoPay\n"
                "\n"
                "Keep AutoPay on until the final bill is paid. Turn it off and remove your "
                "saved card only if **no other line remains on the account**. On a family "
                "plan, AutoPay pays for every line: turning it off means missed payments "
                "and a lost AutoPay discount for the lines that stay.\n"
                "\n"
                "## Prepaid balance refunds\n"
                "\n"
                "If the line was prepaid and money was left on it, ask whether it can be "
                "refunded. Policies differ between carriers, so it is worth asking. For a "
                "credit balance on a canceled T-Mobile account, T-Mobile says to wait at "
                "least 30 days, so final charges can post first.\n"
                "\n"
                "**How to ask:**\n"
                "\n"
                "1. Contact the carrier's customer care.\n"
                "2. Say the line was canceled, and on which date.\n"
                "3. Ask whether the remaining balance can be refunded, and how long it will "
                "take.\n"
                "\n"
                "**What to keep as proof:**\n"
                "\n"
                "- a screenshot of the balance from before the cancellation;\n"
                "- your top-up receipts;\n"
                "- the closing confirmation;\n"
                "- the date of your refund request and the carrier's reference number for "
                "it.\n"
                "\n"
                "## Keep both confirmations\n"
                "\n"
                "Download Lineout's closing confirmation from your case and store it with "
                "the final bill. It is issued by the operator of Lineout, not by the "
                "carrier, so also keep the carrier's own confirmation number, text or "
                "email. Together they help if a charge appears later, or if anyone claims "
                "the line is still yours.\n"
                "\n"
                "## Check the line has gone\n"
                "\n"
                "After the cancellation has taken effect, check your next bill or your "
                "carrier account. The line should no longer show as active. If it still "
                "does, or if it is still billed, contact the carrier and quote its "
                "confirmation number.\n"
                "\n"
                "## Keep your backups\n"
                "\n"
                "Keep the backup of your contacts, photos and messages. Before you reset or "
                "sell the old phone, check that the backup opens on another device.\n"
            ),
            "zh_hans": (
                "## 最后一个账单周期\n"
                "\n"
                "注销不一定在您申请的当天生效。在 T-Mobile，所有注销都不会立即生效，"
                "而是在**当前账单周期结束时**生效。因此：\n"
                "\n"
                "- 您需要支付整个账单周期的费用，最终账单不会只计算到您来电的那一天。\n"
                "- **最终账单**会在该账单周期结束后出账。\n"
                "- **设备分期付款（EIP）：**只要账户中还有其他号码在使用，就会按月照常收取；"
                "只有整个账户注销时，剩余款项才会一次性计入最终账单。\n"
                "\n"
                "请逐项核对账单。如有疑问，请联系运营商询问，并记下日期、接待人员的姓名以及对方提供的受理编号。\n"
                "\n"
                "## 自动扣款（AutoPay）\n"
                "\n"
                "在最终账单付清之前，请保持自动扣款开启。只有**账户中不再有其他号码**时，"
                "才关闭自动扣款并删除已保存的银行卡。在家庭套餐中，自动扣款为所有号码付费："
                "关闭它会导致其余号码漏缴账单，并失去自动扣款优惠。\n"
                "\n"
                "## 预付费余额退款\n"
                "\n"
                "如果是预付费号码且仍有余额，可以询问能否退还。各运营商的政策不同，值得问一问。"
                "对于已注销的 T-Mobile 账户中的贷方余额，T-Mobile 表示需至少等待 30 天，"
                "以便最后的费用先行入账。\n"
                "\n"
                "**如何询问：**\n"
                "\n"
                "1. 联系运营商客服。\n"
                "2. 说明号码已经注销，以及注销日期。\n"
                "3. 询问剩余余额能否退还，以及需要多长时间。\n"
                "\n"
                "**请保留以下凭证：**\n"
                "\n"
                "- 注销前的余额截图；\n"
                "- 充值收据；\n"
                "- 注销确认函；\n"
                "- 退款申请的日期，以及运营商为此提供的受理编号。\n"
                "\n"
                "## 保留两份确认\n"
                "\n"
                "请从您的申请页面下载 Lineout 的注销确认函，与最终账单放在一起保存。"
                "确认函由 Lineout 的运营方出具，而不是运营商出具，因此也请保留运营商自己的受理编号、"
                "短信或邮件。如果日后出现扣费，或有人声称这个号码仍属于您，它们会派上用场。\n"
                "\n"
                "## 确认号码已注销\n"
                "\n"
                "注销生效后，请查看下一期账单或运营商账户。这个号码不应再显示为使用中。"
                "如果仍然显示或仍在计费，请联系运营商并提供其受理编号。\n"
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
                    "en": (
                        "It is issued after the bill cycle in which the cancellation takes "
                        "effect. Check every charge on it."
                    ),
                    "zh_hans": "它会在注销生效的账单周期结束后出账。请逐项核对其中的费用。",
                },
            },
            {
                "title": {
                    "en": "Pay it; keep AutoPay if other lines stay",
                    "zh_hans": "付清账单；仍有其他号码时保留自动扣款",
                },
                "body": {
                    "en": (
                        "Once the final bill is paid, turn off AutoPay and remove your saved "
                        "card, but only if no other line remains on the account."
                    ),
                    "zh_hans": (
                        "最终账单付清后，只有账户中不再有其他号码时，"
                        "才关闭自动扣款（AutoPay）并删除已保存的银行卡。"
                    ),
                },
            },
            {
                "title": {
                    "en": "Ask about any prepaid balance",
                    "zh_hans": "询问预付费余额能否退还",
                },
                "body": {
                    "en": (
                        "Ask the carrier whether it can be refunded. Keep the balance "
                        "screenshot, receipts and the carrier's reference number for your "
                        "request."
                    ),
                    "zh_hans": "向运营商询问能否退款。保留余额截图、收据，以及运营商为您的申请提供的受理编号。",
                },
            },
            {
                "title": {"en": "Keep your records", "zh_hans": "保存好凭证"},
                "body": {
                    "en": (
                        "Store the closing confirmation with the final bill, and keep the "
                        "carrier's own confirmation number, text or email too."
                    ),
                    "zh_hans": "把注销确认函和最终账单一起保存，也请保留运营商自己的受理编号、短信或邮件。",
                },
            },
            {
                "title": {"en": "Check the account", "zh_hans": "检查账户"},
                "body": {
                    "en": (
                        "After the cancellation has taken effect, make sure the line no "
                        "longer appears as active on your bill or in your carrier account."
                    ),
                    "zh_hans": "注销生效后，确认账单或运营商账户中这个号码已不再显示为使用中。",
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
                "可能比注销号码更合适。"
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
                "- **Traveling:** keep your home line and add a travel data eSIM next to "
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
                "2. Ask your carrier to move the line to eSIM: in the app, online, by "
                "phone or in a store. Expect an identity check.\n"
                "3. Connect to Wi-Fi and follow the steps: scan the QR code or accept the "
                "prompt.\n"
                "4. Make a test call. The old SIM card stops working once the eSIM is "
                "active.\n"
                "\n"
                "**Good to know:** deleting an eSIM from the phone does **not** close the "
                "line. The line stays open and keeps billing until you cancel it with the "
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
                "号码一旦注销就无法恢复。如果您真正的目的不是这个，或许有更温和的办法：\n"
                "\n"
                "- **减少实体 SIM 卡：**把号码改用 eSIM。号码不变，套餐不变，不再需要卡片。\n"
                "- **出行：**保留原有号码，再额外添加一个旅行流量 eSIM。许多手机可以同时使用两个号码。\n"
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
                "2. 请运营商把号码改用 eSIM：可以在应用中、网上、电话或门店办理，通常需要验证身份。\n"
                "3. 连接 Wi-Fi，按提示操作：扫描二维码或确认弹出的提示。\n"
                "4. 拨打一个测试电话。eSIM 激活后，原来的 SIM 卡将停止工作。\n"
                "\n"
                "**须知：**从手机中删除 eSIM **并不会**注销号码。在您向运营商办理注销之前，"
                "号码仍然有效并会继续计费。\n"
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
                    "zh_hans": "申请把号码改用 eSIM，或改用更便宜的套餐。",
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
