"""The checklist every case goes through (help texts are plain text)."""

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
                "Pay any balance that is due now. A final bill for the last bill cycle is "
                "still issued later; that one is paid separately."
            ),
            "zh_hans": "请付清目前到期的欠费。最后一个账单周期的最终账单之后仍会出账，需另行支付。",
        },
    },
    {
        "key": "autopay_plan",
        "carrier": None,
        "required": True,
        "order": 2,
        "label": {
            "en": (
                "I will keep AutoPay on until the final bill is paid, and turn it off only "
                "if no other line stays on the account."
            ),
            "zh_hans": (
                "我会保持自动扣款（AutoPay）开启，直到最终账单付清；"
                "只有账户中不再有其他号码时，才会将其关闭。"
            ),
        },
        "help": {
            "en": (
                "The final bill is issued after the cancellation takes effect. If AutoPay is "
                "off by then, it may go unpaid and late fees can follow. On a family plan, "
                "AutoPay pays for every line: turning it off means missed payments and a "
                "lost AutoPay discount for the lines that stay."
            ),
            "zh_hans": (
                "最终账单会在注销生效后出账。如果届时自动扣款已关闭，账单可能无人支付，进而产生滞纳金。"
                "在家庭套餐中，自动扣款为所有号码付费：关闭它会导致其余号码漏缴账单，"
                "并失去自动扣款优惠。"
            ),
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
                "被释放的号码之后会分配给其他人，对方将收到发给您的短信验证码。"
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
            "zh_hans": "这个号码下的设备已经付清或已归还。",
        },
        "help": {
            "en": (
                "Carriers differ. At T-Mobile, while other lines stay open on the account, "
                "device payments (EIP) on a canceled line keep billing every month; the "
                "remaining balance falls due on the final bill only when the whole account "
                "closes. Leased devices may have to be returned by a deadline."
            ),
            "zh_hans": (
                "各运营商的做法不同。在 T-Mobile，只要账户中还有其他号码在使用，"
                "已注销号码的设备分期付款（EIP）仍会按月照常收取；只有整个账户注销时，"
                "剩余款项才会一次性计入最终账单。租用的设备可能需要在期限内归还。"
            ),
        },
    },
    {
        "key": "device_unlock_requested",
        "carrier": None,
        "required": False,
        "order": 5,
        "label": {
            "en": "I have asked for my phone to be unlocked.",
            "zh_hans": "我已申请手机解锁。",
        },
        "help": {
            "en": (
                "Each carrier has its own unlock conditions, such as the phone being paid "
                "off. If you want to use the phone with another carrier, asking before you "
                "cancel is simplest."
            ),
            "zh_hans": (
                "各运营商的解锁条件不同，例如手机须已付清。"
                "如果想在其他运营商使用这部手机，最简单的做法是在注销之前申请。"
            ),
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
                "Text messages and voicemail are not kept for you after the line is "
                "canceled. Save anything you want to keep."
            ),
            "zh_hans": "号码注销后，短信和语音留言不会为您保留。请保存所有想保留的内容。",
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
                "To keep the number, do not cancel the line: ask your new carrier to port "
                "it. The port ends your service with the old carrier for you."
            ),
            "zh_hans": (
                "如果想保留号码，请不要注销，而是请新运营商办理携号转网。"
                "转网完成后，您在原运营商的服务会随之结束。"
            ),
        },
    },
    {
        "key": "tmobile_account_holder",
        "carrier": "t-mobile",
        "required": False,
        "order": 8,
        "label": {
            "en": (
                "I am the Billing Responsible Party on the T-Mobile account (the account "
                "holder who pays the bill)."
            ),
            "zh_hans": (
                "我是该 T-Mobile 账户的主账户持有人（Billing Responsible Party，"
                "即负责支付账单的账户持有人）。"
            ),
        },
        "help": {
            "en": (
                "Only the Billing Responsible Party can cancel a T-Mobile line; an "
                "authorized user cannot. If that is not you, the Billing Responsible Party "
                "has to call T-Mobile."
            ),
            "zh_hans": (
                "只有主账户持有人才能注销 T-Mobile 号码，授权用户不能办理。"
                "如果您不是主账户持有人，需要由主账户持有人本人致电 T-Mobile 办理。"
            ),
        },
    },
]
