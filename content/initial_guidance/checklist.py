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

