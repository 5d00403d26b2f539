"""The simulated bank's customer-service FAQ, written by hand: each entry's question and answer, and the ways
a customer might actually type that question (different words, not reordered ones) for retrieval benchmarks.

The bank, its phone numbers (555 numbers) and its fees are fictional; the answers describe common US
retail-banking practice in plain English."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FaqEntry:
    """One FAQ question with its answer and customer rewordings."""

    topic: str
    question: str
    answer: str
    paraphrases: tuple[str, ...]


FAQ_ENTRIES: tuple[FaqEntry, ...] = (
    # ------------------------------------------------------------------------------------------------ cards
    FaqEntry(
        "cards", "How do I activate my new debit card?",
        "Open the app, go to Cards and tap Activate, or call the number on the sticker on your card. You can "
        "also activate it by making a chip-and-PIN purchase or ATM withdrawal with your PIN.",
        ("my debit card just arrived in the mail, what do I do to start using it",
         "steps to switch on a replacement card",
         "new card came today how to turn it on"),
    ),
    FaqEntry(
        "cards", "How long does it take to receive a new card?",
        "New and replacement cards arrive within 5 to 7 business days at the address we have on file. If you "
        "need it faster, you can request express delivery (2 business days) in the app for a $15 fee, waived "
        "for Premier Checking customers.",
        ("when will my replacement card get here",
         "how many days until the card is delivered",
         "can I get my card shipped quicker"),
    ),
    FaqEntry(
        "cards", "How do I temporarily freeze my card?",
        "In the app, open Cards, choose the card and switch on Freeze card. Purchases and withdrawals are "
        "declined while it is frozen, but recurring payments you have set up continue. Switch it off again "
        "when you find the card.",
        ("I misplaced my card but it might be at home, can I block it for now",
         "pause my debit card without cancelling it",
         "lock the card until I find it"),
    ),
    FaqEntry(
        "cards", "Why was my card declined?",
        "The most common reasons are insufficient funds, a daily spending limit being reached, a frozen or "
        "expired card, an incorrect PIN or expiry date, or a transaction our fraud systems wanted to "
        "confirm. Check the app for an alert; if we sent a fraud alert, confirm the purchase and try again.",
        ("payment got rejected at the store even though I have money",
         "my card keeps getting refused online",
         "what are the reasons a purchase doesn't go through"),
    ),
    FaqEntry(
        "cards", "Can I change my daily card spending limit?",
        "Yes. In the app go to Cards, then Limits, and adjust the daily purchase and ATM withdrawal limits "
        "within the maximums for your account. Increases take effect immediately; for a one-off higher limit "
        "call us.",
        ("raise how much I can spend per day with my debit card",
         "lower the maximum ATM withdrawal on my card",
         "is there a cap on card purchases each day and can it be increased"),
    ),
    FaqEntry(
        "cards", "Can I use my card for contactless payments and mobile wallets?",
        "All our debit and credit cards are contactless, and you can add them to Apple Pay, Google Pay and "
        "Samsung Pay from the app or from the wallet itself. Contactless payments use the same limits as "
        "your card.",
        ("does the card support tap to pay",
         "how to add my card to apple pay",
         "set up google wallet with my bank card"),
    ),
    # ------------------------------------------------------------------------------------ lost or stolen card
    FaqEntry(
        "lost or stolen card", "What should I do if my card is lost or stolen?",
        "Report it straight away in the app (Cards, Report lost or stolen) or call 1-800-555-0142, available "
        "24/7. We cancel the card immediately and send a replacement with a new number; you are not liable "
        "for unauthorised purchases made after you report it.",
        ("someone took my wallet with my bank card in it",
         "I can't find my card anywhere, who do I tell",
         "card got stolen what now"),
    ),
    FaqEntry(
        "lost or stolen card", "Can I get cash if my card is lost while I'm travelling?",
        "Yes. Call 1-800-555-0142 (or +1-312-555-0142 from abroad) and we can arrange an emergency cash "
        "disbursement or an emergency replacement card sent to where you are staying, usually within 2 "
        "business days.",
        ("lost my card on vacation overseas and need money",
         "emergency replacement card while abroad",
         "stuck in another country without my bank card"),
    ),
    FaqEntry(
        "lost or stolen card", "I found my card after reporting it lost. Can I still use it?",
        "No. Once a card is reported lost or stolen it is permanently cancelled, so please cut it up. Your "
        "replacement will have a new number; update any subscriptions that used the old one. If you only "
        "froze the card, you can unfreeze it in the app instead.",
        ("the card I reported missing turned up, does it work again",
         "can I reactivate a card I already cancelled as lost",
         "found my old card after ordering a replacement"),
    ),
    # ------------------------------------------------------------------------------------------------- PIN
    FaqEntry(
        "PIN", "How can I view or reset my PIN?",
        "In the app go to Cards, choose the card and tap Show PIN; you will confirm with your fingerprint, "
        "face or passcode. To pick a new PIN, use Change PIN at any of our ATMs or in the app.",
        ("I forgot my card code",
         "where can I see the four digit number for my card",
         "change the secret number on my debit card"),
    ),
    FaqEntry(
        "PIN", "My PIN is blocked after too many wrong attempts. What do I do?",
        "After three incorrect PIN entries the PIN is locked for security. Unlock it in the app under Cards, "
        "Unblock PIN, or at one of our ATMs by choosing PIN services. Contactless and online payments keep "
        "working while the PIN is locked.",
        ("entered the wrong code three times and now the card is locked",
         "PIN locked at the ATM how do I fix it",
         "card says PIN tries exceeded"),
    ),
    # -------------------------------------------------------------------------------------------- transfers
    FaqEntry(
        "transfers", "How do I send money to someone?",
        "In the app choose Pay and transfer, then pick a saved recipient or add a new one with their name, "
        "routing number and account number, or pay by phone number or e-mail through instant payments. Check "
        "the details carefully: payments to the wrong account can be hard to recover.",
        ("pay a friend from my account",
         "transfer cash to another person's bank",
         "how do I move money to my sister"),
    ),
    FaqEntry(
        "transfers", "How long do transfers take?",
        "Transfers between your own accounts with us and instant payments are immediate. ACH transfers to "
        "other banks usually arrive in 1 to 2 business days, and domestic wire transfers on the same "
        "business day if sent before 4 pm Eastern.",
        ("when will the money I sent show up in the other account",
         "how fast is an ACH payment",
         "why hasn't my transfer arrived yet"),
    ),
    FaqEntry(
        "transfers", "Can I cancel a transfer I have already sent?",
        "Scheduled and recurring transfers can be cancelled in the app up to the day before they are due. "
        "Instant payments and wire transfers cannot be recalled once sent; contact us immediately and we "
        "will ask the receiving bank to return the money, but this is not guaranteed.",
        ("I sent money to the wrong person can I get it back",
         "stop a payment I just made",
         "undo a bank transfer"),
    ),
    FaqEntry(
        "transfers", "Is there a limit on how much I can transfer?",
        "Instant payments are limited to $2,500 a day, ACH transfers to other banks to $10,000 a day, and "
        "transfers between your own accounts have no limit. Higher amounts can be sent by wire transfer.",
        ("what's the maximum I can send in one day",
         "daily cap on payments to other banks",
         "how much money can I move at once"),
    ),
    FaqEntry(
        "transfers", "How do I set up a recurring transfer or standing payment?",
        "In the app choose Pay and transfer, enter the recipient and amount, then set Repeat to weekly, "
        "every two weeks or monthly with an optional end date. You can edit or cancel it any time before the "
        "next payment date.",
        ("automatic monthly payment to my landlord",
         "schedule a transfer that repeats every week",
         "pay the same amount to someone each month"),
    ),
    FaqEntry(
        "transfers", "What are my routing and account numbers?",
        "Both are in the app under Accounts, then Account details, and printed at the bottom of your checks. "
        "Our routing number for ACH and direct deposit is 021000555; wires use the same number.",
        ("where do I find the numbers for direct deposit",
         "what's the bank's ABA number",
         "my employer is asking for my account details"),
    ),
    # ------------------------------------------------------------------------------------------------- fees
    FaqEntry(
        "fees", "What are the monthly fees on my checking account?",
        "Everyday Checking and Student Checking have no monthly fee. Premier Checking costs $15 a month, "
        "waived when you keep $25,000 across your accounts with us.",
        ("is there a charge every month for my current account",
         "how much does the checking account cost",
         "do you charge maintenance fees"),
    ),
    FaqEntry(
        "fees", "Do you charge for using other banks' ATMs?",
        "We charge $2.50 per withdrawal at ATMs outside our network, and the ATM owner may add their own "
        "fee. Premier Checking customers get up to four out-of-network withdrawal fees refunded each month, "
        "including the owner's fee.",
        ("fee for taking cash out at a different bank's machine",
         "will I pay extra at a non-network ATM",
         "why was I charged for a cash withdrawal"),
    ),
    FaqEntry(
        "fees", "Can you refund a fee I was charged?",
        "If you believe a fee was charged in error, tell us in the app chat or by phone within 60 days of "
        "the statement. We review each request, and we refund fees charged by mistake.",
        ("I want my money back for a charge I don't agree with",
         "get a fee reversed",
         "dispute a bank charge on my statement"),
    ),
    FaqEntry(
        "fees", "Are there fees for using my card abroad?",
        "Debit and most credit card purchases abroad carry a 3% foreign transaction fee. The Travel Rewards "
        "Card and Platinum Card have no foreign transaction fees. Out-of-network ATM fees also apply to "
        "withdrawals abroad.",
        ("charges for paying in euros with my card",
         "will I be charged extra when I shop overseas",
         "foreign transaction fee on debit card"),
    ),
    # -------------------------------------------------------------------------------------------- overdraft
    FaqEntry(
        "overdraft", "How does overdraft protection work?",
        "If you link a savings account, we move money from it automatically to cover a payment that would "
        "overdraw your checking account, free of charge. Without a link, we may decline the payment or pay "
        "it and charge a $25 overdraft fee.",
        ("what happens if I spend more than I have in checking",
         "link my savings to cover shortfalls",
         "explain the overdraft coverage"),
    ),
    FaqEntry(
        "overdraft", "How much is the overdraft fee and how can I avoid it?",
        "The overdraft fee is $25 per item, at most three a day, and we don't charge it if your account is "
        "overdrawn by $50 or less at the end of the day. Avoid it with overdraft protection, low-balance "
        "alerts in the app, or by opting out of overdraft coverage for card purchases.",
        ("I got charged for going below zero",
         "ways to not pay the negative balance fee",
         "cost of being overdrawn"),
    ),
    FaqEntry(
        "overdraft", "Can I turn off overdraft coverage?",
        "Yes. In the app go to Accounts, Overdraft settings, and opt out. Card purchases and ATM withdrawals "
        "that would overdraw your account will then be declined instead of paid, so no overdraft fee applies "
        "to them.",
        ("opt out of overdraft",
         "I'd rather have my card declined than pay a fee",
         "disable paying transactions when I don't have enough money"),
    ),
    # ------------------------------------------------------------------------------------------------ loans
    FaqEntry(
        "loans", "How do I apply for a personal loan?",
        "Apply in the app or online under Borrow, Personal loan. Tell us the amount ($2,000 to $40,000), "
        "term (12 to 84 months) and purpose; most applicants get a decision within minutes and the money "
        "within one business day of signing.",
        ("I want to borrow money for home repairs",
         "get a loan from the bank",
         "application process for an unsecured loan"),
    ),
    FaqEntry(
        "loans", "What do you look at when deciding on a loan?",
        "We consider your credit history and score, income and how stable it is, your existing debts "
        "relative to income (debt-to-income ratio), the amount and term you ask for, and how you have "
        "managed accounts with us.",
        ("why was my loan application turned down",
         "what affects whether I get approved for credit",
         "criteria for lending"),
    ),
    FaqEntry(
        "loans", "Does checking my loan rate affect my credit score?",
        "No. Checking your personalised rate uses a soft credit inquiry, which lenders can't see and which "
        "does not affect your score. A hard inquiry happens only if you accept the offer and submit the full "
        "application.",
        ("will looking at loan offers hurt my credit",
         "is the rate quote a hard pull",
         "soft check vs hard check for loans"),
    ),
    FaqEntry(
        "loans", "Can I pay off my loan early?",
        "Yes, there is no prepayment penalty on personal or auto loans. Make an extra payment or pay the "
        "full balance in the app under Borrow; extra payments reduce the principal and the interest you pay "
        "overall.",
        ("settle my car loan before the end of the term",
         "are there charges for repaying ahead of schedule",
         "make additional payments on my loan"),
    ),
    FaqEntry(
        "loans", "What happens if I miss a loan payment?",
        "A $29 late fee applies if a payment is more than 15 days late, and payments 30 or more days late "
        "are reported to the credit bureaus. If you are struggling, contact us before the due date: we can "
        "move the date or discuss a hardship plan.",
        ("I can't make this month's loan installment",
         "late on my repayment what are the consequences",
         "financial hardship help with my loan"),
    ),
    FaqEntry(
        "loans", "What rates do you offer on auto loans?",
        "Auto loan rates start at 7.29% APR for new cars with autopay and depend on your credit, the "
        "vehicle's age and the term (up to 84 months). You can get pre-approved in the app before you visit "
        "the dealer.",
        ("interest on a car loan",
         "finance a used vehicle through the bank",
         "get preapproved to buy a car"),
    ),
    # -------------------------------------------------------------------------------------------- mortgages
    FaqEntry(
        "mortgages", "How much can I borrow for a mortgage?",
        "It depends on your income, debts, credit score, down payment and the home's value. As a guide, "
        "total housing costs should stay under about 28% of gross monthly income and all debt payments under "
        "43%. Our online calculator gives an estimate, and pre-approval gives a firm figure.",
        ("how big a home loan can I afford",
         "maximum mortgage amount for my salary",
         "estimate what I could borrow to buy a house"),
    ),
    FaqEntry(
        "mortgages", "What documents do I need for a mortgage application?",
        "Photo ID, your last two pay stubs, two years of W-2s or tax returns (self-employed applicants: two "
        "years of business returns), two months of bank statements, and details of your debts. Once you have "
        "an offer accepted we also need the purchase agreement.",
        ("paperwork required for a home loan",
         "what do I have to provide to get a mortgage",
         "list of documents for buying a house with a loan"),
    ),
    FaqEntry(
        "mortgages", "What is the minimum down payment for a mortgage?",
        "Our fixed-rate mortgages accept down payments from 5% of the purchase price. With less than 20% "
        "down you will pay private mortgage insurance until your balance falls to 80% of the home's value.",
        ("how much deposit do I need to buy a home",
         "can I put less than 20 percent down",
         "smallest upfront payment for a house loan"),
    ),
    FaqEntry(
        "mortgages", "Can I refinance my mortgage with you?",
        "Yes. Refinancing can lower your rate or monthly payment, shorten your term, or release equity. "
        "Apply online; closing costs are typically 2% to 5% of the loan, and we show you the break-even "
        "point before you commit.",
        ("switch my home loan to a lower rate",
         "move my existing mortgage to your bank",
         "cash-out refinance options"),
    ),
    FaqEntry(
        "mortgages", "What happens if I have trouble paying my mortgage?",
        "Call our homeowner support team at 1-800-555-0177 as early as possible. Options include a temporary "
        "payment reduction (forbearance), a loan modification or a repayment plan, depending on your "
        "situation.",
        ("falling behind on house payments",
         "can't afford my home loan anymore",
         "help to avoid foreclosure"),
    ),
    # ---------------------------------------------------------------------------------------------- savings
    FaqEntry(
        "savings", "What interest rate do your savings accounts pay?",
        "Easy Saver pays 2.10% APY on any balance and High-Yield Savings pays 4.05% APY on balances of "
        "$10,000 or more. Both rates are variable and can change; the current rates are always shown in the "
        "app.",
        ("how much interest will I earn on savings",
         "current APY on the saver account",
         "best rate you have for putting money aside"),
    ),
    FaqEntry(
        "savings", "When is interest paid on my savings?",
        "Interest is calculated daily on your balance and paid into the account on the last business day of "
        "each month. It appears on your statement and counts as taxable income; we send a 1099-INT if you "
        "earn $10 or more in a year.",
        ("how often do you credit the interest",
         "what day does my savings interest arrive",
         "is savings interest taxed"),
    ),
    FaqEntry(
        "savings", "What is a CD and can I withdraw early?",
        "A certificate of deposit fixes your rate for a term, such as 12 months at 4.50% APY. You can "
        "withdraw before the term ends, but the early withdrawal penalty is 90 days of interest.",
        ("explain certificates of deposit",
         "take money out of my fixed term deposit before it matures",
         "penalty for breaking a CD"),
    ),
    FaqEntry(
        "savings", "Is my money insured?",
        "Yes. Deposits are insured by the FDIC up to $250,000 per depositor, per ownership category. "
        "Investment products such as funds are not FDIC-insured and can lose value.",
        ("what happens to my money if the bank fails",
         "FDIC coverage limit",
         "are my deposits protected"),
    ),
    FaqEntry(
        "savings", "How many withdrawals can I make from my savings account?",
        "We don't limit withdrawals or transfers from Easy Saver or High-Yield Savings. Money moved to your "
        "checking account with us arrives instantly.",
        ("is there a cap on taking money out of savings",
         "how often can I move cash from my saver",
         "limit on transfers from savings each month"),
    ),
    # ------------------------------------------------------------------------------------- app and online
    FaqEntry(
        "app and online banking", "I can't log in to the app. What should I do?",
        "Check that you have the latest version of the app and a working connection, then use Forgot "
        "username or password on the login screen. After five failed attempts access is locked for 30 "
        "minutes; if it still fails, call 1-800-555-0100.",
        ("the app won't let me sign in",
         "locked out of online banking",
         "login keeps failing on my phone"),
    ),
    FaqEntry(
        "app and online banking", "How do I reset my online banking password?",
        "Tap Forgot password on the login screen, confirm your identity with the code we text to your "
        "registered phone, and choose a new password of at least 10 characters. We will never ask for your "
        "password by phone or e-mail.",
        ("forgot my password for the website",
         "change the password I use to sign in",
         "I need a new login password"),
    ),
    FaqEntry(
        "app and online banking", "How do I set up two-step verification?",
        "In the app go to Settings, Security, and turn on two-step verification. We then ask for a code from "
        "a text message or an authenticator app whenever you sign in on a new device.",
        ("turn on 2FA",
         "add an extra security code when logging in",
         "enable authentication codes for my account"),
    ),
    FaqEntry(
        "app and online banking", "I have a new phone. How do I move my banking app?",
        "Install the app on the new phone and sign in with your username and password; we'll send a one-time "
        "code to your registered number to trust the new device. Remove the old device under Settings, "
        "Devices.",
        ("switching phones how do I set up the app again",
         "log in on my new mobile",
         "transfer the banking app to another device"),
    ),
    FaqEntry(
        "app and online banking", "How do I deposit a check with the app?",
        "Tap Deposit check, enter the amount, sign the back and write 'For mobile deposit only', then "
        "photograph the front and back. Deposits before 8 pm Eastern on a business day usually become "
        "available the next business day. Keep the check for 14 days.",
        ("mobile check deposit steps",
         "can I cash a cheque by taking a picture",
         "deposit a paper check from my phone"),
    ),
    FaqEntry(
        "app and online banking", "How do I update my address or phone number?",
        "In the app go to Settings, Personal details. Phone and e-mail changes are confirmed with a one-time "
        "code; address changes take effect immediately, and your next card or statement goes to the new "
        "address.",
        ("I moved house, how do I change my details",
         "new mobile number update contact info",
         "edit my mailing address"),
    ),
    # ------------------------------------------------------------------------------------ fraud and security
    FaqEntry(
        "fraud and security", "How do I report a transaction I don't recognise?",
        "In the app, tap the transaction and choose Report a problem, then Not me. We freeze the card, send "
        "a new one and investigate; under our zero-liability policy you get the money back for unauthorised "
        "transactions you report promptly.",
        ("there's a charge on my account that I didn't make",
         "unknown payment on my statement",
         "someone used my card without permission"),
    ),
    FaqEntry(
        "fraud and security", "I received a suspicious call or text claiming to be the bank. What should I "
                              "do?",
        "Do not share codes, passwords or your PIN, and don't click links. We will never ask you to move "
        "money to a 'safe account'. Hang up and call us on 1-800-555-0100, and forward suspicious texts to "
        "7726.",
        ("got a message saying my account is blocked and to click a link",
         "is this phone call really from my bank",
         "phishing email pretending to be you"),
    ),
    FaqEntry(
        "fraud and security", "I think I've been scammed into sending money. Can you help?",
        "Call us immediately on 1-800-555-0142. We'll try to stop or recall the payment and report it to the "
        "receiving bank; the sooner you tell us, the better the chance of recovery. Also report it to the "
        "police and to the FTC at ReportFraud.ftc.gov.",
        ("I paid someone who turned out to be a fraudster",
         "tricked into transferring money",
         "sent money to a scam what can the bank do"),
    ),
    FaqEntry(
        "fraud and security", "Why did you send me a fraud alert?",
        "We text you when a payment looks unusual for your account, for example a large purchase abroad or "
        "many small online payments in a row. Reply YES if it was you and NO if it wasn't; if you reply NO "
        "we block the card and call you.",
        ("got a text asking if I made a purchase",
         "you flagged my payment as suspicious",
         "what is this security alert about my card"),
    ),
    FaqEntry(
        "fraud and security", "How do I dispute a purchase with a merchant?",
        "First ask the merchant to fix it. If that fails, open the transaction in the app and choose Dispute "
        "within 60 days of the statement date, with any receipts or messages. We may give a temporary credit "
        "while we investigate, usually within 10 business days.",
        ("I was charged for something I never received",
         "chargeback for a faulty order",
         "merchant won't refund me what can I do"),
    ),
    # -------------------------------------------------------------------------------------------- accounts
    FaqEntry(
        "accounts", "How do I open a checking account?",
        "You can open one in the app or online in about 10 minutes if you are 18 or older with a US address "
        "and a Social Security number. You'll need a photo ID; there's no minimum opening deposit for "
        "Everyday Checking.",
        ("I want to become a customer",
         "sign up for a new current account",
         "what do I need to start banking with you"),
    ),
    FaqEntry(
        "accounts", "How do I close my account?",
        "Move any recurring payments and direct deposits first, then bring the balance to zero and ask to "
        "close the account in the app chat, by phone or in a branch. We send any remaining balance by check "
        "or transfer and a final statement.",
        ("I want to shut my bank account",
         "cancel my checking account",
         "stop banking with you and close everything"),
    ),
    FaqEntry(
        "accounts", "Can I open a joint account?",
        "Yes. Both people apply together in the app or in a branch and each needs ID. Each holder can use "
        "the account fully and both are responsible for any overdraft; either can close it only with the "
        "other's consent.",
        ("shared account with my partner",
         "add my spouse to my checking",
         "open an account for two people"),
    ),
    FaqEntry(
        "accounts", "Can I open an account for my child?",
        "Teens aged 13 to 17 can have a Student Checking account jointly with a parent or guardian, who can "
        "see activity and set card limits in the app. Students aged 18 to 25 can open one on their own.",
        ("bank account for my teenager",
         "can a minor have a debit card",
         "kids account options"),
    ),
    FaqEntry(
        "accounts", "How do I set up direct deposit?",
        "Give your employer our routing number, 021000555, and your account number from the app (Accounts, "
        "Account details), or download a pre-filled direct deposit form there. Paychecks can arrive up to "
        "two days early.",
        ("get my salary paid into this account",
         "form for my employer to pay me here",
         "have my paycheck go straight to the bank"),
    ),
    # ------------------------------------------------------------------------------------------ statements
    FaqEntry(
        "statements", "Where can I find my statements?",
        "Statements for the last seven years are in the app under Accounts, Statements and documents, as "
        "PDFs you can download or print. A new statement is ready on the first business day of each month.",
        ("download my bank statement",
         "see last year's account statements",
         "get a PDF of my monthly statement"),
    ),
    FaqEntry(
        "statements", "How do I switch to paper statements or back to paperless?",
        "Change it in the app under Settings, Statement preferences. Paper statements are free for customers "
        "aged 65 and over and cost $2 a month otherwise; paperless is free.",
        ("I want statements sent by mail",
         "stop paper statements",
         "go paperless for my account"),
    ),
    FaqEntry(
        "statements", "How do I get proof of my account or balance?",
        "Download a bank confirmation letter from the app under Statements and documents, Letters. It shows "
        "your name, account number and, if you choose, the current balance, and is accepted by most "
        "landlords and employers.",
        ("need a letter confirming my balance for a visa",
         "bank reference letter",
         "document that shows I have an account here"),
    ),
    # -------------------------------------------------------------------------------- international payments
    FaqEntry(
        "international payments", "How do I send money abroad?",
        "Use International transfer in the app. You'll need the recipient's name and address, their IBAN or "
        "account number, and their bank's SWIFT/BIC code. We show the exchange rate and fee before you "
        "confirm.",
        ("transfer money to a bank in another country",
         "wire funds to my family overseas",
         "pay someone in Europe from my account"),
    ),
    FaqEntry(
        "international payments", "How much does an international wire transfer cost?",
        "Outgoing international wires cost $35 when sent in dollars, or $10 when sent in the recipient's "
        "currency, in which case our exchange rate includes a margin shown before you confirm. Intermediary "
        "banks may deduct their own charges.",
        ("fee for sending money overseas",
         "what does a foreign wire cost",
         "charges for international payments"),
    ),
    FaqEntry(
        "international payments", "How do I receive money from abroad?",
        "Give the sender your name, account number, our routing number and our SWIFT code NGBKUS33. Incoming "
        "international wires cost $15 and usually arrive in 1 to 3 business days.",
        ("someone overseas wants to pay me",
         "what details do I give for an incoming foreign transfer",
         "what's your SWIFT code"),
    ),
    FaqEntry(
        "international payments", "Do I need to tell you before I travel abroad?",
        "No travel notice is needed: our fraud systems recognise travel patterns. Make sure your phone "
        "number is up to date so we can text you if we need to confirm a payment, and consider a card "
        "without foreign transaction fees.",
        ("should I set a travel notification",
         "going on holiday do I need to inform the bank",
         "will my card work in Mexico without telling you"),
    ),
    # ----------------------------------------------------------------------------------------- ATMs and cash
    FaqEntry(
        "ATMs and cash", "Where can I find a fee-free ATM?",
        "Use the ATM locator in the app or on our website to find our ATMs and more than 40,000 partner ATMs "
        "where you can withdraw without our fee.",
        ("closest cash machine without charges",
         "which ATMs are in your network",
         "find an ATM near me"),
    ),
    FaqEntry(
        "ATMs and cash", "The ATM didn't give me my cash but my account was debited. What now?",
        "Report it in the app (tap the withdrawal, Report a problem) or call us. We check the ATM's records "
        "and usually correct the account within 10 business days, often sooner for our own ATMs.",
        ("machine took my money but no cash came out",
         "withdrawal failed but balance went down",
         "ATM kept my money"),
    ),
    FaqEntry(
        "ATMs and cash", "Can I deposit cash?",
        "Yes, at any of our branches or at our ATMs marked Deposit, with your card. Cash deposited at our "
        "ATMs is available immediately; partner ATMs do not accept deposits.",
        ("put cash into my account",
         "where can I pay in banknotes",
         "do your machines take cash deposits"),
    ),
    # --------------------------------------------------------------------------------------- credit cards
    FaqEntry(
        "credit cards", "How is interest charged on my credit card?",
        "If you pay the full statement balance by the due date, you pay no interest on purchases. Otherwise "
        "interest is charged daily at your card's APR on the balance carried over. Cash advances are charged "
        "interest from the day you take them.",
        ("why am I paying interest on my credit card",
         "how to avoid credit card interest",
         "what does APR mean on my card"),
    ),
    FaqEntry(
        "credit cards", "How do I increase my credit limit?",
        "Request an increase in the app under Cards, Credit limit. We review your income, credit report and "
        "how you've used the card; we may use a hard inquiry, and we tell you before we do.",
        ("raise my credit card limit",
         "I need more available credit",
         "can you give me a bigger limit"),
    ),
    FaqEntry(
        "credit cards", "How do I redeem cash back or rewards points?",
        "Open the card in the app and tap Rewards. Cash back can go to your statement or a deposit account "
        "with us; points can be used for travel bookings, gift cards or statement credits. Rewards never "
        "expire while the account is open.",
        ("use my reward points",
         "how do I get my cashback",
         "turn points into travel credit"),
    ),
    FaqEntry(
        "credit cards", "What is the minimum payment on my credit card?",
        "The minimum payment is the larger of $35 or 1% of the balance plus interest and fees. Paying only "
        "the minimum keeps the account in good standing but costs more interest; setting up autopay avoids "
        "late fees.",
        ("lowest amount I have to pay each month on the card",
         "do I have to pay the whole credit card bill",
         "minimum due explained"),
    ),
    # --------------------------------------------------------------------------------------- investments
    FaqEntry(
        "investments", "How do I start investing in funds?",
        "Open an investment account in the app under Invest, answer a short questionnaire about your goals "
        "and risk tolerance, and choose from funds rated 1 (lowest risk) to 5 (highest risk), starting from "
        "$100. Fund values can fall as well as rise.",
        ("buy mutual funds through the bank",
         "I want to put money in the stock market",
         "open an investment account"),
    ),
    FaqEntry(
        "investments", "What do the fund risk levels mean?",
        "Each fund has a risk level from 1 to 5. Level 1 funds (such as the Money Market Fund) aim to keep "
        "capital stable; level 5 funds (such as Emerging Markets) can rise or fall sharply in value. We "
        "suggest funds no more than one level above your risk tolerance.",
        ("difference between a risk 2 and risk 5 fund",
         "how risky is each investment fund",
         "which funds suit a cautious investor"),
    ),
    # ---------------------------------------------------------------------------------------- insurance
    FaqEntry(
        "insurance", "How do I make a claim on my insurance?",
        "Start a claim in the app under Insurance, Make a claim, or call 1-800-555-0188. Have your policy "
        "number, the date and details of what happened, and any photos or receipts ready; most claims are "
        "settled within 30 days.",
        ("file a claim on my home policy",
         "my luggage was lost how do I claim on travel insurance",
         "report damage to get insurance money"),
    ),
    FaqEntry(
        "insurance", "Can I cancel my insurance policy?",
        "Yes. You can cancel within 30 days for a full refund if you haven't claimed, or at any time "
        "afterwards with a pro-rata refund of the premium. Cancel in the app or by phone.",
        ("stop my travel cover",
         "I don't want the life insurance anymore",
         "get a refund on my policy"),
    ),
    # -------------------------------------------------------------------------------- credit score and help
    FaqEntry(
        "credit score", "Where can I see my credit score?",
        "The app shows your free FICO score under Profile, Credit score, updated monthly, with the main "
        "factors behind it. Checking it never affects your score.",
        ("check my credit rating",
         "does the app show my FICO",
         "how do I find out my credit score for free"),
    ),
    FaqEntry(
        "credit score", "How can I improve my credit score?",
        "Pay every bill on time, keep credit card balances below about 30% of their limits, avoid opening "
        "many new accounts at once, and check your credit reports for errors at AnnualCreditReport.com. A "
        "Secured Credit Card can help build history.",
        ("tips to raise my credit rating",
         "my score is low how do I fix it",
         "build credit from scratch"),
    ),
    FaqEntry(
        "contact and branches", "How do I contact customer service?",
        "Chat with us in the app 24/7, or call 1-800-555-0100 (Monday to Friday 7 am to 10 pm, weekends 8 am "
        "to 8 pm Eastern). For lost or stolen cards and fraud, call 1-800-555-0142 at any time.",
        ("phone number for the bank",
         "talk to a real person about my account",
         "what hours is support open"),
    ),
    FaqEntry(
        "contact and branches", "How do I book an appointment at a branch?",
        "Choose Book an appointment in the app or on our website, pick a branch, a time and the topic, such "
        "as a mortgage or opening an account. You can also walk in during opening hours, usually 9 am to 5 "
        "pm on weekdays.",
        ("schedule a meeting with a banker",
         "when are branches open",
         "see someone in person at my local branch"),
    ),
)
