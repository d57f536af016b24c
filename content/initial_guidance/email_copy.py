"""Email copy: one entry per content.models.EmailCopy.Key.

The system adds a line naming the operator (OPERATOR_NAME) under the sign-off.
"""

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
            "zh_hans": "我们已收到您的注销申请 {reference}",
        },
        {
            "en": """
Hello {first_name},

Thank you. We have received your case to close the {carrier} line {masked_phone}.

Reference: {reference}
Status: {state}

What happens next: an agent will verify your identity and your documents. Review takes 1–3 business days. We will email you whenever something changes.

Who does what: you cancel the line yourself by calling {carrier}, as the account holder responsible for the bill (at T-Mobile, the Billing Responsible Party). Then write {carrier}'s confirmation number on your case page. Our agents record that number and issue your closing confirmation; they do not call {carrier} for you.

You can follow your case, or withdraw it, here:
{case_url}

We will never ask for your carrier password, PIN or full account number. {carrier} itself asks for your account PIN when you call them; give it only on a call you made.
""",
            "zh_hans": """
{first_name}，您好：

感谢您的提交。我们已收到您注销 {carrier} 号码 {masked_phone} 的申请。

申请编号：{reference}
状态：{state}

接下来：客服专员会核实您的身份和文件，审核需要 1–3 个工作日。情况有任何变化，我们都会发邮件通知您。

谁做什么：号码由您本人以负责支付账单的账户持有人身份（在 T-Mobile 即主账户持有人）致电 {carrier} 注销。之后，请在申请页面上写下 {carrier} 的受理编号。客服专员会记录该编号并为您出具注销确认函；他们不会替您致电 {carrier}。

您可以在这里查看或撤回您的申请：
{case_url}

我们绝不会索要您的运营商密码、PIN 码或完整账号。您致电 {carrier} 时，{carrier} 会要求您提供账户 PIN 码；只有在您本人拨打的电话中才可以提供。
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

We expect to finish by {expected_by}. If we need anything from you, we will email you and you can reply on the case page. Once you have {carrier}'s confirmation number for the cancellation, write it on the case page too.

Your case:
{case_url}
""",
            "zh_hans": """
{first_name}，您好：

客服专员已开始审核您关于 {carrier} 号码 {masked_phone} 的申请 {reference}。

预计在 {expected_by} 之前完成。如需您补充信息，我们会发邮件通知您，您可以在申请页面上回复。拿到 {carrier} 的注销受理编号后，也请写在申请页面上。

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

Please reply on your case page. The review continues as soon as you do:
{case_url}

If we ask for a document, upload it on the case page. Never send us your carrier password or PIN; we do not need them.
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
            "en": "Your closing confirmation for the {carrier} line {masked_phone}",
            "zh_hans": "您的 {carrier} 号码 {masked_phone} 的注销确认函",
        },
        {
            "en": """
Hello {first_name},

Your case {reference} is done: we have verified your case and recorded the cancellation of the {carrier} line {masked_phone}.

You can download your closing confirmation here. Please keep it safe:
{case_url}

The closing confirmation is issued by Lineout's operator. It is not a {carrier} document, so also keep {carrier}'s own confirmation number, text or email.

What to do next:
- Watch for the final bill. A cancellation can take effect at the end of the current bill cycle (at T-Mobile it always does), so the final bill may cover that whole cycle.
- Keep AutoPay on until the final bill is paid. Turn it off after that only if no other line remains on the account.
- If the line was prepaid, ask the carrier whether any remaining balance can be refunded.
- Once the cancellation has taken effect, check that the line no longer appears in your carrier account.

We will remind you about the final bill.
""",
            "zh_hans": """
{first_name}，您好：

您的申请 {reference} 已完成：我们已核实您的申请，并记录了 {carrier} 号码 {masked_phone} 的注销。

您可以在这里下载注销确认函，请妥善保存：
{case_url}

注销确认函由 Lineout 的运营方出具，不是 {carrier} 的文件，因此也请保留 {carrier} 自己的受理编号、短信或邮件。

接下来：
- 留意最终账单。注销可能在当前账单周期结束时才生效（在 T-Mobile 一律如此），因此最终账单可能包含整个账单周期的费用。
- 在最终账单付清之前，请保持自动扣款（AutoPay）开启；付清后，只有账户中不再有其他号码时才关闭。
- 如果是预付费号码，请向运营商询问剩余余额能否退还。
- 注销生效后，请确认运营商账户中已不再显示这个号码。

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

We have not issued a closing confirmation for this line. Anything you already arranged with {carrier} stays as it is: ask {carrier} about it. If the reason can be fixed, you are welcome to open a new case.

Your case:
{case_url}
""",
            "zh_hans": """
{first_name}，您好：

很抱歉，我们无法完成您关于 {carrier} 号码 {masked_phone} 的申请 {reference}。

原因：
{reason}

我们没有为这个号码出具注销确认函。您已与 {carrier} 办理的事项不受影响，如有疑问请联系 {carrier}。如果上述问题可以解决，欢迎您重新提交申请。

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

As you asked, your case {reference} for the {carrier} line {masked_phone} has been withdrawn. Lineout takes no further step on it. Withdrawing does not undo a cancellation you may already have asked {carrier} for: ask {carrier} about that.

Your documents will be deleted 30 days from now.

You can see the case here:
{case_url}

If you change your mind, you can open a new case at any time.
""",
            "zh_hans": """
{first_name}，您好：

按照您的要求，您关于 {carrier} 号码 {masked_phone} 的申请 {reference} 已撤回，Lineout 不会再做任何处理。撤回申请并不会撤销您可能已向 {carrier} 申请的注销：如有需要，请联系 {carrier}。

您上传的文件将在 30 天后删除。

您可以在这里查看该申请：
{case_url}

如果您改变主意，可以随时重新提交申请。
""",
        },
    ),
    _email(
        "case_expired",
        {
            "en": "We withdrew your draft case {reference}",
            "zh_hans": "您的草稿申请 {reference} 已撤回",
        },
        {
            "en": """
Hello {first_name},

Your case {reference} to close the {carrier} line {masked_phone} was never submitted. {message}

Lineout takes no further step on it. The documents you uploaded are being deleted now, as nobody reviewed them.

You can see the case here:
{case_url}

If you still want to close the line, you can open a new case at any time.
""",
            "zh_hans": """
{first_name}，您好：

您注销 {carrier} 号码 {masked_phone} 的申请 {reference} 一直没有提交。{message}

Lineout 不会再对该申请做任何处理。您上传的文件从未经过审核，我们正在将其删除。

您可以在这里查看该申请：
{case_url}

如果您仍想注销这个号码，可以随时重新提交申请。
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

简要进展：您关于 {carrier} 号码 {masked_phone} 的申请 {reference} 仍在审核中，目前您无需进行任何操作。

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

Your case {reference} is taking longer than the usual 1–3 business days. We are sorry for the wait.

We are on it: your case has been flagged to our agents, and you do not need to do anything. We will email you as soon as there is news.

Your case:
{case_url}
""",
            "zh_hans": """
{first_name}，您好：

您的申请 {reference} 的审核时间已超过通常的 1–3 个工作日，让您久等了，非常抱歉。

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

Your case {reference} is paused until we hear from you. Our agent asked you for some more information. You can read the question, and reply, on your case page:
{case_url}

Once you reply, the review continues. If you no longer want to close the line, you can withdraw the case on the same page.
""",
            "zh_hans": """
{first_name}，您好：

您的申请 {reference} 正在等待您的回复，暂停处理中。客服专员需要您补充一些信息，您可以在申请页面上查看问题并回复：
{case_url}

您回复后，审核将随即继续。如果您不想再注销这个号码，也可以在同一页面撤回申请。
""",
        },
    ),
    _email(
        "final_bill",
        {
            "en": "Time to check your final bill from {carrier}",
            "zh_hans": "请查看 {carrier} 出具的最终账单",
        },
        {
            "en": """
Hello {first_name},

Your {carrier} line {masked_phone} was canceled. Its final bill should be issued around {due_date}.

When it is:
- Check each charge. A cancellation can take effect at the end of the bill cycle (at T-Mobile it always does), so expect that whole cycle on the bill, not just the days until you called.
- Make sure it is paid. Turn off AutoPay and remove your saved card only if no other line remains on the account: on a family plan, the other lines still need it.
- If the line was prepaid, ask the carrier whether any remaining balance can be refunded.
- Keep your closing confirmation, and the carrier's own confirmation, with the final bill.

Your case and confirmation:
{case_url}
""",
            "zh_hans": """
{first_name}，您好：

您的 {carrier} 号码 {masked_phone} 已注销，其最终账单应在 {due_date} 前后出账。

出账后：
- 逐项核对费用。注销可能在账单周期结束时才生效（在 T-Mobile 一律如此），因此账单会包含整个账单周期的费用，而不只是到您来电那天为止。
- 确认账单已付清。只有账户中不再有其他号码时，才关闭自动扣款（AutoPay）并删除已保存的银行卡：在家庭套餐中，其他号码仍需要它。
- 如果是预付费号码，请向运营商询问剩余余额能否退还。
- 把注销确认函以及运营商自己的确认与最终账单一起保存。

您的申请和确认函：
{case_url}
""",
        },
    ),
    _email(
        "balance_refund",
        {
            "en": "Ask {carrier} about your prepaid balance",
            "zh_hans": "向 {carrier} 询问预付费余额",
        },
        {
            "en": """
Hello {first_name},

When you canceled the {carrier} line {masked_phone}, you told us a balance of {balance} was left on it. Whether it can be refunded depends on {carrier}, so it is worth asking.

How to ask:
1. Contact {carrier} customer care.
2. Say the line was canceled, and give the closing date from your confirmation.
3. Ask whether the remaining balance can be refunded, and how long it will take.

Keep as proof: a screenshot of the balance, your top-up receipts, the closing confirmation, and the date of your request with {carrier}'s reference number for it.

Your case and confirmation:
{case_url}
""",
            "zh_hans": """
{first_name}，您好：

您注销 {carrier} 号码 {masked_phone} 时告诉我们，号码中还剩预付费余额 {balance}。能否退还取决于 {carrier}，值得问一问。

询问方法：
1. 联系 {carrier} 客服。
2. 说明号码已注销，并提供确认函上的注销日期。
3. 询问剩余余额能否退还，以及需要多长时间。

请保留以下凭证：余额截图、充值收据、注销确认函，以及申请日期和 {carrier} 为此提供的受理编号。

您的申请和确认函：
{case_url}
""",
        },
    ),
    _email(
        "draft_nudge",
        {
            "en": "Your case {reference} is still a draft",
            "zh_hans": "您的申请 {reference} 仍是草稿",
        },
        {
            "en": """
Hello {first_name},

You started a case to close the {carrier} line {masked_phone}, but it has not been submitted yet, and nothing on it has changed for a while.

To go on, finish the checklist, upload a proof of identity and submit the case here:
{case_url}

If the draft stays unchanged, we will withdraw it on {withdraw_date} and delete the documents you uploaded. If you no longer want to close the line, you can withdraw the case yourself on the same page.
""",
            "zh_hans": """
{first_name}，您好：

您已开始申请注销 {carrier} 号码 {masked_phone}，但申请尚未提交，而且已有一段时间没有任何更改。

如需继续，请在这里完成清单、上传身份证明并提交申请：
{case_url}

如果草稿一直没有更改，我们将在 {withdraw_date} 撤回该申请，并删除您上传的文件。如果您不再打算注销这个号码，也可以在同一页面自行撤回申请。
""",
        },
    ),
]
