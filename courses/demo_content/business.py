"""Courses for everyone at Northwind, aimed first at critical business users.

Governance essentials (required for every role), data readiness, deciding when
to use AI, judging AI output, and handling data safely without shadow AI.
"""

from __future__ import annotations

from .schema import CourseSpec, LessonSpec

_OPTION_IDS = "abcdefgh"


def _h(text: str) -> tuple[str, object]:
    return ("heading", text)


def _p(html: str) -> tuple[str, object]:
    return ("rich_text", html)


def _callout(kind: str, title: str, text: str) -> tuple[str, object]:
    return ("callout", {"kind": kind, "title": title, "text": text})


def _code(language: str, code: str, caption: str) -> tuple[str, object]:
    return ("code", {"language": language, "code": code, "caption": caption})


def _takeaways(*items: str) -> tuple[str, object]:
    return ("key_takeaways", list(items))


def _check(title: str, *questions: dict) -> tuple[str, object]:
    return ("knowledge_check", {"title": title, "questions": list(questions)})


def _opts(*pairs: tuple[str, bool]) -> list[dict]:
    return [
        {"id": _OPTION_IDS[i], "text": text, "correct": correct}
        for i, (text, correct) in enumerate(pairs)
    ]


def _tf(answer: bool) -> list[dict]:
    return [
        {"id": "true", "text": "True", "correct": answer},
        {"id": "false", "text": "False", "correct": not answer},
    ]


def _q(
    qid: str,
    kind: str,
    prompt: str,
    options: list[dict],
    explanation: str,
    ai_prompt: str = "",
    ai_answer: str = "",
) -> dict:
    question = {
        "id": qid,
        "kind": kind,
        "prompt": prompt,
        "options": options,
        "explanation": explanation,
    }
    if kind == "judge_output":
        question["ai_prompt"] = ai_prompt
        question["ai_answer"] = ai_answer
    return question


# ---------------------------------------------------------------------------
# 1. AI governance essentials
# ---------------------------------------------------------------------------

_GOV_WHY = LessonSpec(
    slug="governance-gets-pilots-into-production",
    title="Why governance gets pilots into production",
    minutes=12,
    summary=(
        "Pilots rarely stall because the model is bad. They stall because nobody can "
        "answer the questions a production gate asks."
    ),
    body=[
        _h("The pilot that worked and still went nowhere"),
        _p(
            "<p>Northwind's finance team ran an eight-week pilot in which an AI model "
            "matched supplier invoices to purchase orders. On the test set it matched "
            "91% of invoices correctly, against 78% for the existing rules engine, and "
            "the accounts payable clerks liked using it. Five months later it was "
            "still not in production.</p>"
            "<p>The model had not got worse. The pilot stalled because nobody could "
            "answer the questions the production gate asked: <em>Who owns it when it "
            "pays the wrong supplier? Which data was it trained on, and were we "
            "allowed to use supplier bank details that way? When it is wrong, who "
            "notices and how quickly? Who signed off the risk?</em></p>"
            "<p>This pattern is common. Industry surveys repeatedly find that most AI "
            "pilots never reach production, and the reasons given are rarely the model "
            "itself. They are data that is not ready, unclear accountability, missing "
            "approvals and infrastructure nobody planned for. Governance deals with "
            "the second and third directly, and forces early conversations about the "
            "other two.</p>"
        ),
        _h("Governance as a route, not a barrier"),
        _p(
            "<p>Good governance is a known, predictable route from idea to production. "
            "It tells a team in advance what evidence they will need, who will review "
            "it and roughly how long that takes. Compare the invoice pilot with "
            "customer service's reply-drafting assistant, which started the same "
            "quarter:</p>"
            "<ul>"
            "<li>It was registered in the AI Register in its first week and classified "
            "as Tier 2 (customer-facing, personal data, human review of every "
            "draft).</li>"
            "<li>The Head of Customer Service was named business owner on day "
            "one.</li>"
            "<li>Data protection screening was done in week two, while the prompts "
            "were still being written, so the design already excluded payment "
            "details.</li>"
            "<li>It was approved for a 20-agent group three weeks after the pilot "
            "ended, and 140 agents use it today.</li>"
            "</ul>"
            "<p>Same company, same policy. The difference was that the second team "
            "treated governance as part of the build rather than a hurdle at the "
            "end.</p>"
            "<p><strong>What governance actually gives you</strong></p>"
            "<ul>"
            "<li><strong>A named owner</strong> who can make decisions, so questions "
            "do not circulate for weeks.</li>"
            "<li><strong>Pre-agreed evidence</strong>, so the goalposts do not move "
            "late in the project.</li>"
            "<li><strong>Proportionate controls</strong>: a drafting aid does not get "
            "the scrutiny of a system that affects customers' money.</li>"
            "<li><strong>A record</strong> that protects people who followed the "
            "process when something later goes wrong.</li>"
            "<li><strong>Trust</strong> from customers, auditors and the colleagues "
            "who will be asked to rely on the tool.</li>"
            "</ul>"
        ),
        _h("The five questions every pilot must answer"),
        _p(
            "<ol>"
            "<li><strong>What is it for, and who owns it?</strong> A named person, not "
            "a team or a supplier.</li>"
            "<li><strong>What data does it use, and may we use it that way?</strong> "
            "Data class, personal data, and the purpose it was collected for.</li>"
            "<li><strong>How risky is it?</strong> The risk tier, covered in the next "
            "lesson.</li>"
            "<li><strong>How will we know it is working, and that it is "
            "failing?</strong> Operational measures and monitoring agreed before "
            "go-live.</li>"
            "<li><strong>What happens when it goes wrong?</strong> The escalation path "
            "and who can stop it.</li>"
            "</ol>"
        ),
        _callout(
            "tip",
            "Register on day one",
            "<p>Register every AI pilot in the AI Register (intranet, Governance, AI "
            "Register) when it starts, not when it is ready to launch. It takes about "
            "15 minutes and gets you a governance contact who will confirm the tier "
            "and the evidence you will need. At Northwind, pilots registered in their "
            "first fortnight reached approval in a median of four weeks; those "
            "registered at the end waited a median of fourteen.</p>",
        ),
        _h("What this means if you never build anything"),
        _p(
            "<p>Most people at Northwind will never run an AI project, but everyone "
            "uses AI tools. Your part of governance is small and concrete: use "
            "approved tools, put in only the data they are approved for, check what "
            "comes out before you rely on it, and raise problems quickly. Those habits "
            "are what make it possible for the organisation to say yes to the next use "
            "case.</p>"
        ),
        _takeaways(
            "Most pilots stall on ownership, data and approvals, not on model quality.",
            "Governance is the route to production: known evidence, known reviewers, "
            "known timescales.",
            "Every pilot must name an owner, its data, its tier, its measures and its "
            "escalation path.",
            "Register pilots in the AI Register when they start, not when they finish.",
        ),
    ],
)

_GOV_TIERS = LessonSpec(
    slug="risk-tiers-and-proportionate-controls",
    title="Risk tiers and proportionate controls",
    minutes=15,
    summary=(
        "How Northwind classifies AI uses into tiers, and why controls scale with the "
        "harm a use could cause."
    ),
    body=[
        _h("Why one set of rules for everything fails"),
        _p(
            "<p>If every AI use faced a full review board, people would route around "
            "the process and use whatever tool was to hand. If nothing was reviewed, a "
            "system that affects customers' money or people's jobs could go live with "
            "nobody checking it for errors or bias. Proportionate controls avoid both: "
            "the scrutiny a use receives depends on the harm it could cause.</p>"
            "<p>Tiers apply to AI use cases and systems that a team builds, buys or "
            "deploys. Everyday use of an approved tool within its approved data "
            "classes is already covered by that tool's approval; you do not register "
            "each conversation.</p>"
        ),
        _h("Northwind's four tiers"),
        _p(
            "<ul>"
            "<li><strong>Tier 1, low.</strong> Internal drafting, summarising your own "
            "or internal documents, code suggestions. A person reviews everything and "
            "no Confidential data is involved. <em>Route:</em> self-register in the AI "
            "Register; same day.</li>"
            "<li><strong>Tier 2, medium.</strong> Customer- or staff-facing drafts "
            "that a person reviews before sending, personal data inside approved "
            "systems, decision support for internal teams. <em>Route:</em> governance "
            "review, data protection screening, named business owner; usually two to "
            "three weeks.</li>"
            "<li><strong>Tier 3, high.</strong> Outputs that materially affect a "
            "person's money, job, access to a service or legal position, or automated "
            "actions at scale. <em>Route:</em> AI Review Board, full data protection "
            "impact assessment, bias testing, model card and monitoring plan; usually "
            "six to ten weeks.</li>"
            "<li><strong>Prohibited.</strong> Fully automated decisions on hiring, "
            "dismissal, pay or credit with no meaningful human review; emotion "
            "recognition on staff; content designed to mislead customers.</li>"
            "</ul>"
            "<p><strong>Classifying a use: four questions</strong></p>"
            "<ol>"
            "<li>Who is affected by the output: only you, colleagues, customers or the "
            "public?</li>"
            "<li>Could the output change someone's money, job, access to a service or "
            "legal position?</li>"
            "<li>Does a competent person review every output before it takes "
            "effect?</li>"
            "<li>What data goes in: Public, Internal, Confidential or Restricted?</li>"
            "</ol>"
            "<p>Take the <strong>highest</strong> tier any single answer points to. A "
            "harmless-looking internal tool that reads Restricted HR case files is not "
            "Tier 1.</p>"
        ),
        _h("Worked examples"),
        _p(
            "<ul>"
            "<li><strong>Turning your bullet points into meeting notes</strong> in "
            "Northwind Assistant: Tier 1. Internal, you review it, no affected third "
            "party.</li>"
            "<li><strong>Drafting replies to customer emails</strong> that an agent "
            "edits and sends: Tier 2. Customer-facing and uses personal data, but a "
            "person checks every draft.</li>"
            "<li><strong>Choosing which overdue accounts go automatically to the "
            "collections agency</strong>: Tier 3. It affects customers' finances and "
            "acts without a person in the loop. Controls include testing outcomes "
            "across customer segments, a manual check on any account over £5,000, and "
            "monthly monitoring of dispute rates.</li>"
            "<li><strong>Screening CVs and rejecting candidates "
            "automatically</strong>: Prohibited as designed. Redesigned so that the "
            "tool only extracts stated qualifications and a recruiter decides on every "
            "application, it could be put forward as a Tier 3 use.</li>"
            "</ul>"
        ),
        _callout(
            "warning",
            "A tier belongs to the use, not the tool",
            "<p>The same model can be Tier 2 when it drafts and Tier 3 when it sends. "
            "Re-classify before you remove a human review step, add a new data source, "
            "extend the tool to a new group of people, or start using its output for "
            "decisions it was not approved for. Tell your governance contact before "
            "the change, not after.</p>",
        ),
        _h("Proportionate controls by tier"),
        _p(
            "<ul>"
            "<li><strong>Tier 1:</strong> approved tool, permitted data only, the user "
            "checks the output and stays accountable for it.</li>"
            "<li><strong>Tier 2:</strong> everything in Tier 1, plus a named business "
            "owner, data protection screening, written user guidance, a feedback "
            "channel and a quarterly review of a sample of outputs (typically "
            "50).</li>"
            "<li><strong>Tier 3:</strong> everything in Tier 2, plus a full impact "
            "assessment, documented bias and fairness testing, a model card, "
            "monitoring with agreed thresholds, a tested fallback for when the system "
            "is switched off, AI Review Board approval and re-approval every "
            "year.</li>"
            "</ul>"
            "<p>Notice that higher tiers add controls rather than replacing them. "
            "Notice too that Tier 1 is light on purpose: it exists so that everyday "
            "productivity uses are quick to approve and people have no reason to use "
            "unapproved tools.</p>"
        ),
        _takeaways(
            "Controls scale with potential harm: Tier 1 is quick, Tier 3 is thorough, "
            "some uses are prohibited.",
            "Classify by who is affected, what could change for them, whether a person "
            "reviews every output and what data goes in.",
            "Take the highest tier any answer points to.",
            "Removing human review, adding data or widening the audience means "
            "re-classifying before the change.",
        ),
    ],
)

_GOV_POLICY = LessonSpec(
    slug="northwind-ai-policy",
    title="Northwind's AI policy in practice",
    minutes=15,
    summary=(
        "Approved tools, permitted data classes, when to disclose AI use and the uses "
        "that are not allowed."
    ),
    body=[
        _h("The policy in one paragraph"),
        _p(
            "<p>Use approved tools. Put in only the data each tool is approved for. "
            "Check what comes out before you rely on it. Say when AI did substantial "
            "work on something others will rely on. Do not use AI for prohibited "
            "purposes. Report problems quickly. The rest of the policy is detail that "
            "supports these six rules.</p>"
        ),
        _h("Approved tools"),
        _p(
            "<ul>"
            "<li><strong>Northwind Assistant</strong>: the general-purpose chat "
            "assistant on Northwind's own tenant. Prompts are not used to train the "
            "provider's models and logs are kept for 30 days for security review. "
            "Approved up to Confidential.</li>"
            "<li><strong>Office suite assistant</strong>: drafting and summarising in "
            "email, documents and spreadsheets. It can only see files you already have "
            "access to. Approved up to Confidential.</li>"
            "<li><strong>CodeAssist</strong>: code suggestions for IT developers. "
            "Internal source code only; never customer data, credentials or keys.</li>"
            "<li><strong>Service Desk Summariser</strong>: case summaries and draft "
            "replies inside the CRM for customer service. Approved for customer "
            "personal data within that workflow only.</li>"
            "<li><strong>Consumer AI tools on personal accounts</strong>: Public "
            "information only, and never for work that others will rely on without "
            "checking.</li>"
            "</ul>"
            "<p>The current list is on the intranet under Governance, Approved AI "
            "Tools. If a tool is not on it, it is not approved, however widely it is "
            "used elsewhere.</p>"
            "<p><strong>Data classes: what may go in</strong></p>"
            "<ul>"
            "<li><strong>Public</strong>: already published, such as the website, "
            "press releases and the annual report.</li>"
            "<li><strong>Internal</strong>: ordinary working material, such as process "
            "documents, plans and organisation charts.</li>"
            "<li><strong>Confidential</strong>: customer and employee personal data, "
            "contracts, supplier pricing, management accounts.</li>"
            "<li><strong>Restricted</strong>: the data whose exposure would do serious "
            "harm (see below).</li>"
            "</ul>"
        ),
        _callout(
            "policy",
            "Restricted data never goes into a general-purpose AI tool",
            "<p>Restricted data includes health and other special category personal "
            "data, payment card and bank details, National Insurance numbers, "
            "passwords and API keys, disciplinary and grievance case files, legally "
            "privileged advice, unreleased financial results and anything relating to "
            "acquisitions or disposals. It may only be processed by systems the AI "
            "Review Board has approved for that specific data.</p>",
        ),
        _h("Disclosure: when to say AI was used"),
        _p(
            "<ul>"
            "<li>Customers must be told when they are interacting with an automated "
            "assistant rather than a person.</li>"
            "<li>External content substantially drafted by AI (customer letters, "
            "marketing copy, tender responses) must be reviewed by a named person who "
            "takes responsibility for it.</li>"
            "<li>Where AI contributed to a recommendation or decision about a person, "
            "record that in the case notes.</li>"
            "<li>For internal work, light editing needs no label, but say so if the "
            "analysis in a report was generated rather than done by you.</li>"
            "</ul>"
            "<p>A useful test: <em>would the reader rely on this differently if they "
            "knew how it was produced?</em> If yes, tell them.</p>"
        ),
        _h("Uses that are not allowed"),
        _p(
            "<ul>"
            "<li>Decisions on hiring, promotion, dismissal, pay, credit or refunds "
            "made by AI without meaningful human review.</li>"
            "<li>Using AI to monitor staff emotions, or to score productivity without "
            "an approved and disclosed scheme.</li>"
            "<li>Impersonating real people or producing content that misleads "
            "customers.</li>"
            "<li>Using personal accounts or unapproved tools for Internal, "
            "Confidential or Restricted information.</li>"
            "<li>Trying to bypass a tool's safety or access controls.</li>"
            "</ul>"
            "<p><strong>Accountability stays with you</strong></p>"
            "<p>'The AI said so' is not a defence at Northwind. If you send it, decide "
            "on it or publish it, you are accountable for it. The tools help with the "
            "work; they do not take over responsibility for it.</p>"
        ),
        _takeaways(
            "Only tools on the Approved AI Tools list may be used for work data.",
            "Match the data class to the tool; Restricted data never goes into a "
            "general-purpose tool.",
            "Disclose AI use when the reader would rely on the work differently if "
            "they knew.",
            "You remain accountable for anything you send, decide or publish.",
        ),
    ],
)

_GOV_ESCALATION = LessonSpec(
    slug="escalation-and-the-stop-decision",
    title="Escalation paths and who owns the stop decision",
    minutes=18,
    summary=(
        "Who does what when an AI system misbehaves, how fast, and who decides to stop "
        "it."
    ),
    body=[
        _h("Every AI system has an owner"),
        _p(
            "<ul>"
            "<li><strong>Business owner</strong>: accountable for the system's "
            "outcomes and owns the decision to pause, roll back or resume it. For "
            "reply drafting this is the Head of Customer Service.</li>"
            "<li><strong>Technical owner</strong>: keeps the system running and "
            "carries out a suspension or rollback.</li>"
            "<li><strong>Data Protection Officer</strong>: advises on any incident "
            "involving personal data and decides whether it must be reported to the "
            "ICO. A reportable breach must be notified without undue delay and, where "
            "feasible, within 72 hours of Northwind becoming aware of it.</li>"
            "<li><strong>AI Review Board</strong>: approves Tier 3 uses, reviews "
            "significant incidents and can withdraw an approval.</li>"
            "<li><strong>Users</strong>: notice problems, report them and stop relying "
            "on output they believe is wrong.</li>"
            "</ul>"
            "<p><strong>What counts as an AI incident</strong></p>"
            "<ul>"
            "<li>Personal or confidential data appearing where it should not, such as "
            "another customer's details in a draft.</li>"
            "<li>Output that caused, or nearly caused, a wrong payment or a wrong "
            "decision about a person.</li>"
            "<li>Biased or offensive output, especially if it reached a customer.</li>"
            "<li>A system behaving clearly differently from usual, for example a "
            "classifier suddenly sending 40% of tickets to one queue.</li>"
            "<li>Restricted data entered into an unapproved tool, including by "
            "you.</li>"
            "</ul>"
            "<p>Each incident gets a severity, which sets how quickly you report it "
            "and how quickly the owner must decide.</p>"
        ),
        _code(
            "text",
            "Sev 1  Harm happening now, or data exposed outside Northwind\n"
            "       -> Phone the IT Service Desk (ext. 4000), 24/7.\n"
            "       -> Business owner decides on a stop within 1 hour;\n"
            "          if unreachable, the on-call incident manager may\n"
            "          suspend the system.\n"
            "\n"
            "Sev 2  Harm likely if nothing changes (repeated wrong output,\n"
            "       a pattern of biased wording)\n"
            "       -> 'AI incident' form in the service portal, same day.\n"
            "       -> Business owner decides within 1 working day.\n"
            "\n"
            "Sev 3  Quality problem, no harm expected\n"
            "       -> Feedback button or the tool owner's channel.\n"
            "       -> Reviewed weekly by the technical owner.",
            "Northwind's AI incident severities. If unsure, report one level higher.",
        ),
        _h("Who decides to stop, and why it is them"),
        _p(
            "<p>The business owner owns the stop and resume decision because they can "
            "weigh both sides. Switching off reply drafting adds about 90 seconds to "
            "each of roughly 3,000 daily contacts; leaving on a tool that leaks "
            "customer data is far worse. Someone must be accountable for that "
            "judgement, and it should be the person accountable for the service.</p>"
            "<p>Three rules sit around that decision:</p>"
            "<ul>"
            "<li><strong>Your own use is always your call.</strong> You never need "
            "permission to stop using output you believe is wrong.</li>"
            "<li><strong>Emergencies do not wait.</strong> For Sev 1, if the business "
            "owner cannot be reached within the hour, the on-call incident manager may "
            "suspend the system. The owner reviews that decision the next working "
            "day.</li>"
            "<li><strong>Resuming needs evidence.</strong> The business owner resumes "
            "only when the technical owner can show the fix works; for Tier 3 systems "
            "the AI Review Board is informed before it restarts.</li>"
            "</ul>"
        ),
        _h("Worked example: the wrong postcode"),
        _p(
            "<p>On a Tuesday morning a customer service agent notices that a draft "
            "reply includes another customer's order number and postcode. She does not "
            "send it, captures the screen and phones the Service Desk as Sev 1, "
            "because personal data could reach the wrong customer.</p>"
            "<p>Within 40 minutes the business owner suspends draft generation for all "
            "agents. The technical owner traces the fault to a caching change released "
            "the previous afternoon. The Data Protection Officer establishes that two "
            "affected drafts had already been sent and assesses whether the breach is "
            "reportable. A fix is tested overnight and the business owner resumes the "
            "service the next morning. The post-incident review looks at the release "
            "process, not at individuals, and the agent is thanked by name.</p>"
        ),
        _callout(
            "tip",
            "Stop first, explain afterwards",
            "<p>If a draft contains someone else's data, do not send it, do not "
            "forward it to a colleague 'to check', and do not delete it. Take a "
            "screenshot, report it, and carry on without the tool until you hear back. "
            "A report that turns out to be a false alarm costs a few minutes; a "
            "delayed one can cost a regulatory notification.</p>",
        ),
        _takeaways(
            "Every AI system has a named business owner who owns the stop and resume "
            "decision.",
            "Report Sev 1 incidents by phone immediately; if unsure of severity, go "
            "one level higher.",
            "You never need permission to stop relying on output you think is wrong.",
            "Resuming a stopped system needs evidence that the fix works.",
        ),
        _check(
            "Check your understanding: AI governance essentials",
            _q(
                "q1",
                "single",
                "Customer service wants its reply assistant to send answers to simple "
                "queries automatically instead of an agent reviewing each draft. What "
                "should happen first?",
                _opts(
                    ("Nothing: it is the same tool, already approved.", False),
                    (
                        "Re-classify the use and get it reviewed before the change, "
                        "because removing human review can raise the tier.",
                        True,
                    ),
                    ("Tell the agents and monitor complaints for a month.", False),
                    (
                        "The technical owner approves it as a configuration change.",
                        False,
                    ),
                ),
                "A tier belongs to the use, not the tool. Removing the human review "
                "step means customers receive unchecked output, which can move the use "
                "from Tier 2 to Tier 3, so it must be re-classified before the change.",
            ),
            _q(
                "q2",
                "multiple",
                "Which of these may you put into Northwind Assistant? Select all that "
                "apply.",
                _opts(
                    ("A draft internal process document (Internal).", True),
                    (
                        "A customer complaint with the customer's name and order "
                        "details (Confidential).",
                        True,
                    ),
                    ("A supplier's bank account details (Restricted).", False),
                    ("An API key, to help debug an integration.", False),
                ),
                "Northwind Assistant is approved up to Confidential, so internal "
                "documents and customer complaints are permitted, ideally minimised. "
                "Bank details and credentials are Restricted and never go into a "
                "general-purpose AI tool.",
            ),
            _q(
                "q3",
                "true_false",
                "You need the business owner's permission before you stop using an AI "
                "output you believe is wrong.",
                _tf(False),
                "Your own use is always your call. The business owner decides whether "
                "to pause the system for everyone, but nobody needs permission to stop "
                "relying on output they think is wrong.",
            ),
            _q(
                "q4",
                "single",
                "Who owns the decision to pause or resume an AI system in production "
                "at Northwind?",
                _opts(
                    ("The technical owner who runs it.", False),
                    ("The Data Protection Officer.", False),
                    ("The system's named business owner.", True),
                    ("Whichever user reports the problem.", False),
                ),
                "The business owner is accountable for the system's outcomes and can "
                "weigh the cost of stopping against the harm of continuing. The "
                "on-call incident manager may suspend a system in a Sev 1 emergency "
                "only if the owner cannot be reached.",
            ),
            _q(
                "q5",
                "single",
                "Which of these uses is Tier 3 under Northwind's scheme?",
                _opts(
                    ("Summarising your own notes into meeting minutes.", False),
                    ("Drafting customer replies that an agent edits and sends.", False),
                    (
                        "Automatically choosing which overdue accounts are passed to a "
                        "collections agency.",
                        True,
                    ),
                    ("Suggesting code to an IT developer.", False),
                ),
                "Passing accounts to collections affects customers' finances and acts "
                "without a person reviewing each case, which is what defines Tier 3. "
                "The others are Tier 1 or Tier 2 because a person reviews every "
                "output.",
            ),
            _q(
                "q6",
                "judge_output",
                "A team leader asked Northwind Assistant whether a new use needs a "
                "review. Which problems are present in the AI's answer? Select all "
                "that apply.",
                _opts(
                    (
                        "It classifies a use that decides which customers get a "
                        "refund, with no person reviewing, as Tier 1.",
                        True,
                    ),
                    (
                        "It tells the team to skip registration and approval "
                        "altogether.",
                        True,
                    ),
                    (
                        "It invents a 'fast-track exemption' that is not in the AI "
                        "policy.",
                        True,
                    ),
                    ("It reveals a named customer's personal data.", False),
                    ("It recommends a tool that is not approved at Northwind.", False),
                ),
                "Deciding refunds without human review affects customers' money, "
                "which is Tier 3, not Tier 1. The policy has no fast-track exemption, "
                "and every Tier 2 and Tier 3 use must be registered and approved "
                "before it goes live. The answer names no customer and recommends no "
                "other tool: the problem is confident, wrong governance advice.",
                ai_prompt=(
                    "We want Northwind Assistant to read refund requests under £200 "
                    "and approve or reject them automatically, so agents only handle "
                    "the bigger ones. Does this need any review?"
                ),
                ai_answer=(
                    "No review is needed. Refund decisions under £200 are low-value, "
                    "so this is a Tier 1 use. Under the AI policy's fast-track "
                    "exemption for amounts below £500 you can switch it on today "
                    "without registering it; just keep an eye on complaints for the "
                    "first month."
                ),
            ),
        ),
    ],
)

AI_GOVERNANCE_ESSENTIALS = CourseSpec(
    slug="ai-governance-essentials",
    title="AI governance essentials",
    summary=(
        "The governance everyone at Northwind needs: why it is what gets AI pilots "
        "into production, how risk tiers set proportionate controls, what the AI "
        "policy allows, and who owns the decision to stop a system."
    ),
    level="foundation",
    skills=[
        ("ai-policy-and-acceptable-use", 2),
        ("ai-risk-assessment", 2),
        ("escalation-and-incident-ownership", 1),
        ("personal-data-handling", 1),
        ("model-governance-and-approvals", 1),
    ],
    lessons=[_GOV_WHY, _GOV_TIERS, _GOV_POLICY, _GOV_ESCALATION],
)


# ---------------------------------------------------------------------------
# 2. Data readiness for AI
# ---------------------------------------------------------------------------

_DATA_WHAT = LessonSpec(
    slug="what-ai-ready-data-means",
    title="What 'AI-ready data' means",
    minutes=12,
    summary=(
        "Data is AI-ready for a specific use when it is fit for purpose, measured, "
        "owned, lawful to use and versioned."
    ),
    body=[
        _h("The most common blocker"),
        _p(
            "<p>Ask why an AI pilot did not reach production and the answer is more "
            "often the data than the model. Industry surveys put it bluntly: only "
            "around 40% of enterprises say they are highly prepared in data management "
            "for AI. The rest have data that exists but cannot yet be trusted, traced "
            "or lawfully used for the new purpose.</p>"
            "<p>Northwind is no exception. The sales team's customer churn pilot was "
            "planned as a ten-week project; six of those weeks went on finding, "
            "cleaning and clearing the data before any modelling started.</p>"
        ),
        _h("A working definition"),
        _p(
            "<p>Data is AI-ready <em>for a specific use</em> when you can answer yes "
            "to five questions:</p>"
            "<ol>"
            "<li><strong>Fit for purpose.</strong> Does it contain the signal the use "
            "needs? Predicting churn needs cancellation dates and reasons, not just "
            "whether an account is currently active.</li>"
            "<li><strong>Quality known.</strong> Has it been profiled, and do the "
            "error rates meet a threshold someone wrote down in advance?</li>"
            "<li><strong>Owned and traced.</strong> Is there a named owner, and do you "
            "know where it came from and what was done to it on the way?</li>"
            "<li><strong>Lawful and permitted.</strong> Is personal data being used "
            "compatibly with the purpose it was collected for, and is the data class "
            "allowed in the tools involved?</li>"
            "<li><strong>Versioned.</strong> Could you retrieve the exact snapshot a "
            "model was trained or tested on, six months from now?</li>"
            "</ol>"
        ),
        _callout(
            "tip",
            "Ready for what?",
            "<p>Readiness is always relative to a use. The same CRM extract can be "
            "perfectly adequate for a monthly dashboard and unfit for a model. A "
            "dashboard tolerates 5% of records with no region; a model trained on them "
            "learns that 'no region' means something, and repeats it.</p>",
        ),
        _h("Worked example: the churn pilot"),
        _p(
            "<p>The extract covered 84,000 customer accounts over three years. "
            "Profiling found four problems:</p>"
            "<ul>"
            "<li>The cancellation reason was blank in 38% of records before March "
            "2023, when the field became mandatory.</li>"
            "<li>About 6% of accounts were duplicates left over from the merger of two "
            "billing systems.</li>"
            "<li>Region was coded two ways ('N-WEST' and 'NW') depending on the source "
            "system.</li>"
            "<li>The extract included contact names, emails and phone numbers that the "
            "model did not need.</li>"
            "</ul>"
            "<p>The team restricted training to records from March 2023 onwards, "
            "de-duplicated on the master customer ID, mapped region codes to one list "
            "and dropped the contact fields altogether. Each decision went into the "
            "data set's catalogue entry, and the cleaned training snapshot was "
            "versioned so the model could be rebuilt and explained later.</p>"
        ),
        _h("Your part, even if you are not a data specialist"),
        _p(
            "<ul>"
            "<li><strong>You create the data.</strong> The fields you skip, the free "
            "text you type and every 'Other' you select end up in tomorrow's training "
            "sets.</li>"
            "<li><strong>You know the quirks.</strong> 'We always put N/A in that "
            "field for trade customers' is exactly what a data owner needs to hear "
            "before a model learns from it.</li>"
            "<li><strong>You can ask the questions.</strong> When someone proposes an "
            "AI use in your area, the five readiness questions are a fair and useful "
            "challenge.</li>"
            "</ul>"
        ),
        _takeaways(
            "Only around 40% of enterprises say they are highly prepared in data "
            "management; data is the most common blocker.",
            "Data is AI-ready for a specific use, never in general.",
            "Check five things: fit for purpose, quality known, owned and traced, "
            "lawful, versioned.",
            "The people who enter data know its quirks; tell the data owner.",
        ),
    ],
)

_DATA_PROFILE = LessonSpec(
    slug="profiling-data-quality",
    title="Profiling data quality",
    minutes=18,
    summary=(
        "Measure a data set's real state before a model depends on it, and write down "
        "what 'good enough' means."
    ),
    body=[
        _h("Profile before you promise"),
        _p(
            "<p>Profiling means measuring what a data set actually contains rather "
            "than what the system design says it should contain. An afternoon of "
            "profiling regularly saves weeks of puzzling over a model that behaves "
            "oddly, and it gives the business owner facts to decide with.</p>"
            "<p><strong>Seven dimensions to check</strong></p>"
            "<ul>"
            "<li><strong>Completeness</strong>: how many values are missing, and are "
            "they missing at random or for a reason?</li>"
            "<li><strong>Validity</strong>: do values fit the rules, such as dates "
            "that are real dates and postcodes in a valid format?</li>"
            "<li><strong>Accuracy</strong>: do values match reality? Check a sample "
            "against source documents.</li>"
            "<li><strong>Consistency</strong>: is the same thing recorded the same way "
            "across systems and over time?</li>"
            "<li><strong>Timeliness</strong>: how old is the data, and how quickly is "
            "it updated?</li>"
            "<li><strong>Uniqueness</strong>: are records duplicated?</li>"
            "<li><strong>Representativeness</strong>: are all the groups, channels and "
            "periods the model will meet present in sensible numbers?</li>"
            "</ul>"
        ),
        _h("A first profile in SQL"),
        _code(
            "sql",
            "-- First-pass profile of customer service tickets, last 12 months\n"
            "SELECT\n"
            "    channel,\n"
            "    COUNT(*)                  AS total_rows,\n"
            "    COUNT(DISTINCT ticket_id) AS distinct_tickets,\n"
            "    SUM(CASE WHEN category IS NULL THEN 1 ELSE 0 END)\n"
            "                              AS missing_category,\n"
            "    SUM(CASE WHEN category = 'Other' THEN 1 ELSE 0 END)\n"
            "                              AS category_other,\n"
            "    SUM(CASE WHEN resolved_at < created_at THEN 1 ELSE 0 END)\n"
            "                              AS resolved_before_created,\n"
            "    MIN(created_at)           AS earliest,\n"
            "    MAX(created_at)           AS latest\n"
            "FROM service.tickets\n"
            "WHERE created_at >= CURRENT_DATE - INTERVAL '12 months'\n"
            "GROUP BY channel\n"
            "ORDER BY total_rows DESC;",
            "Grouping by channel shows problems an overall total would hide.",
        ),
        _h("Reading the results"),
        _p(
            "<p>When Northwind's service operations team ran this before building a "
            "ticket-routing classifier, the totals were:</p>"
            "<ul>"
            "<li>212,400 rows but 211,950 distinct tickets: 450 duplicates (0.2%), "
            "caused by a retry in the email connector.</li>"
            "<li>Category missing on 3.1% of tickets.</li>"
            "<li>Category 'Other' on 17.8% of tickets. This is the real red flag: a "
            "classifier trained on it learns that 'Other' is a safe answer.</li>"
            "<li>1,240 chat tickets resolved before they were created, all from a "
            "time-zone fault in the chat platform before May.</li>"
            "<li>Channel split of email 52%, phone 31% and chat 17%, but chat data "
            "only from May, so the model would see far fewer chat examples.</li>"
            "</ul>"
        ),
        _h("Write down 'good enough' before you look too hard"),
        _p(
            "<p>Agree thresholds with the business owner before training, so that the "
            "decision is not made to fit the deadline. For the ticket classifier they "
            "were:</p>"
            "<ul>"
            "<li>Duplicates under 1%.</li>"
            "<li>Category missing under 5%.</li>"
            "<li>'Other' under 10%, or a sample of 500 'Other' tickets relabelled by "
            "experienced agents.</li>"
            "<li>At least three months of data for every channel.</li>"
            "</ul>"
            "<p>Each failed threshold leads to one of three recorded outcomes: fix it, "
            "accept it with a documented risk and an owner, or stop. The team "
            "relabelled 500 'Other' tickets (finding that 61% belonged to two existing "
            "categories), excluded chat tickets before May and went ahead.</p>"
        ),
        _callout(
            "warning",
            "Averages hide the groups that matter",
            "<p>A label accuracy of 97% overall can hide a much worse figure for a "
            "small group, such as Welsh-language tickets or customers who contact "
            "Northwind by post. A model trained on that data will serve those "
            "customers worse. Always repeat key measures for each channel, region, "
            "language and customer type the model will meet.</p>",
        ),
        _takeaways(
            "Profile data against seven dimensions before a model depends on it.",
            "Slice every measure by channel, group and period; totals hide problems.",
            "Agree written thresholds with the business owner before training.",
            "Every failed threshold ends in fix, accept with a named owner, or stop.",
        ),
    ],
)

_DATA_LINEAGE = LessonSpec(
    slug="ownership-lineage-and-the-catalogue",
    title="Ownership, lineage and the catalogue",
    minutes=15,
    summary=(
        "Named owners, traceable lineage and a useful catalogue entry turn a data "
        "extract into something a model can safely depend on."
    ),
    body=[
        _h("Someone has to own it"),
        _p(
            "<p>Every data set a model depends on needs three roles:</p>"
            "<ul>"
            "<li><strong>Data owner</strong>: a senior business person accountable for "
            "the data, who can say yes or no to a new use. The Head of Customer "
            "Service owns ticket data; the Financial Controller owns the general "
            "ledger.</li>"
            "<li><strong>Data steward</strong>: looks after definitions and quality "
            "day to day, and knows the quirks.</li>"
            "<li><strong>Consumers</strong>: the reports and models that use the data, "
            "each of which should be recorded.</li>"
            "</ul>"
            "<p>Without an owner nobody can approve a new use, settle what a field "
            "means or agree that personal data may be used for training. The invoice "
            "matching pilot in finance lost two months to exactly that question.</p>"
        ),
        _h("Lineage: where did this come from?"),
        _p(
            "<p>Lineage traces data from its source systems, through each "
            "transformation, to every report and model that uses it. It earns its keep "
            "in three everyday situations:</p>"
            "<ul>"
            "<li><strong>A source changes.</strong> When the CRM adds a new ticket "
            "category, lineage tells you which models need retesting.</li>"
            "<li><strong>A person exercises their rights.</strong> When a customer "
            "asks for their data to be erased, lineage shows which data sets and "
            "training snapshots contain it.</li>"
            "<li><strong>An output looks wrong.</strong> Lineage lets you trace a "
            "strange prediction back to the data behind it.</li>"
            "</ul>"
            "<p>All of this belongs in the data set's catalogue entry. A useful entry "
            "looks like this:</p>"
        ),
        _code(
            "yaml",
            "dataset: service_tickets_training_v3\n"
            "owner: Head of Customer Service\n"
            "steward: Service Operations data steward\n"
            "description: >\n"
            "  Closed customer service tickets used to train the\n"
            "  ticket-routing classifier.\n"
            "source_systems: [crm.tickets, telephony.call_notes]\n"
            "transformations:\n"
            "  - de-duplicated on ticket_id (450 rows removed)\n"
            "  - dropped customer name, email and phone (not needed)\n"
            "  - excluded chat tickets before 2024-05-01 (time-zone fault)\n"
            "  - 500 'Other' tickets relabelled by senior agents\n"
            "data_class: Confidential\n"
            "personal_data: yes, free text may contain names; masked by pii_scrub v2\n"
            "lawful_basis: legitimate interests; DPIA ref DP-2024-031\n"
            "snapshot: training/service_tickets/v3 (frozen 2024-09-30)\n"
            "quality_profile: profiles/service_tickets_2024-09-30.html\n"
            "used_by: [ticket-router v1.4]\n"
            "retention: delete 24 months after the model is retired",
            "A catalogue entry answers the questions an approver, auditor or successor "
            "will ask.",
        ),
        _h("Versioning: always be able to say 'which data?'"),
        _p(
            "<p>If a customer challenges how their ticket was routed six months from "
            "now, or the model's accuracy drops, you need the exact data it learned "
            "from. That means a frozen, named snapshot (<code>v3</code>, not "
            "<code>latest</code>), referenced from the model's documentation and never "
            "overwritten. Retraining produces <code>v4</code>; <code>v3</code> stays "
            "until its retention date.</p>"
            "<p><strong>Personal data in the catalogue</strong></p>"
            "<p>Mark whether a data set contains personal data, including in free "
            "text, where customers often volunteer health or family details. Record "
            "what was removed or masked, the lawful basis and data protection "
            "assessment reference, and the retention period. Minimise first: the "
            "safest personal data in a training set is the data you did not "
            "include.</p>"
        ),
        _callout(
            "policy",
            "No catalogue entry, no model",
            "<p>At Northwind, no data set may be used to train or evaluate a Tier 2 or "
            "Tier 3 AI system unless it has a catalogue entry with a named owner, a "
            "personal-data flag and a frozen snapshot reference.</p>",
        ),
        _takeaways(
            "Every data set a model depends on needs a named owner and steward.",
            "Lineage answers what breaks when a source changes and where a person's "
            "data went.",
            "Freeze and name training snapshots; never train on 'latest'.",
            "Record personal data, masking, lawful basis and retention in the "
            "catalogue.",
        ),
        _check(
            "Check your understanding: data readiness",
            _q(
                "q1",
                "single",
                "Which statement best describes 'AI-ready data'?",
                _opts(
                    ("Data stored in a modern cloud data warehouse.", False),
                    (
                        "Data that is fit for a specific use, with measured quality, a "
                        "named owner and known lineage, lawful to use and versioned.",
                        True,
                    ),
                    ("Any data set with fewer than 5% missing values.", False),
                    ("Data that has had all personal data removed.", False),
                ),
                "Readiness is always relative to a use and covers fitness, measured "
                "quality, ownership and lineage, lawfulness and versioning. Storage "
                "technology or a single quality measure is not enough.",
            ),
            _q(
                "q2",
                "multiple",
                "A profile of ticket data for a routing classifier produced the "
                "findings below. Which are problems that must be dealt with before "
                "training? The agreed thresholds are: duplicates under 1%, missing "
                "category under 5%, 'Other' under 10%, three months of data per "
                "channel.",
                _opts(
                    ("17.8% of tickets are categorised 'Other'.", True),
                    ("Chat tickets are only usable for the last two months.", True),
                    ("0.2% of rows are duplicates.", False),
                    ("Category is missing on 3.1% of tickets.", False),
                ),
                "'Other' and chat coverage both fail their thresholds. Duplicates at "
                "0.2% and missing categories at 3.1% are within the agreed limits, so "
                "they are recorded but do not block training.",
            ),
            _q(
                "q3",
                "true_false",
                "If label accuracy is 97% across the whole data set, the data is good "
                "enough for every group of customers.",
                _tf(False),
                "Overall figures can hide much worse quality for small groups such as "
                "Welsh-language tickets. Repeat key measures for each group the model "
                "will serve.",
            ),
            _q(
                "q4",
                "single",
                "A customer asks Northwind to erase their data. What tells you which "
                "training snapshots contain it?",
                _opts(
                    ("The model's accuracy report.", False),
                    ("Lineage recorded in the data catalogue.", True),
                    ("The CRM's audit log alone.", False),
                    ("Asking the data science team to remember.", False),
                ),
                "Lineage traces data from source systems through each transformation "
                "to the data sets and models that use it, which is exactly what you "
                "need to find every copy.",
            ),
            _q(
                "q5",
                "single",
                "Why should a model be trained on a frozen, named snapshot rather than "
                "the live table?",
                _opts(
                    ("Snapshots are cheaper to store.", False),
                    ("Live tables cannot be queried by training jobs.", False),
                    (
                        "So the model can be traced to, and rebuilt from, the exact "
                        "data it learned from.",
                        True,
                    ),
                    ("Snapshots remove personal data automatically.", False),
                ),
                "The live table changes every day. A frozen snapshot referenced from "
                "the model's documentation lets you explain, reproduce and audit the "
                "model later.",
            ),
            _q(
                "q6",
                "judge_output",
                "An analyst asked an AI assistant whether a data set is ready for a "
                "churn model. Which problems are present in the AI's answer? Select "
                "all that apply.",
                _opts(
                    (
                        "It calls the data ready although the profile shows a "
                        "threshold failing.",
                        True,
                    ),
                    (
                        "It copies a customer's name and email address into the "
                        "answer.",
                        True,
                    ),
                    (
                        "It cites an industry standard for missing values that does "
                        "not exist.",
                        True,
                    ),
                    ("It gets the number of rows wrong.", False),
                ),
                "The profile shows 14% missing tenure against a 5% threshold, so the "
                "data is not ready. The 'ISO 8000-AI 15% rule' is invented, and the "
                "answer repeats a customer's name and email for no reason. The row "
                "count of 48,210 matches the profile.",
                ai_prompt=(
                    "Here is the profile of the customer table for the churn model: "
                    "48,210 rows; tenure missing on 14% (threshold 5%); duplicates "
                    "0.3% (threshold 1%); one example row: Dana Whitlock, "
                    "dana.whitlock@example.com, tenure blank. Is it ready for "
                    "training?"
                ),
                ai_answer=(
                    "Yes, the data is ready. All 48,210 rows can be used: 14% missing "
                    "tenure is well within the ISO 8000-AI guideline of 15% for "
                    "training data, and duplicates are low. Rows like Dana Whitlock "
                    "(dana.whitlock@example.com) with blank tenure can simply be "
                    "filled with the average."
                ),
            ),
        ),
    ],
)

DATA_READINESS_FOR_AI = CourseSpec(
    slug="data-readiness-for-ai",
    title="Data readiness for AI",
    summary=(
        "What 'AI-ready' data really means, how to profile its quality before a model "
        "depends on it, and how ownership, lineage and a good catalogue entry make it "
        "usable and auditable."
    ),
    level="foundation",
    skills=[
        ("data-quality-assessment", 2),
        ("data-lineage-and-cataloguing", 1),
        ("personal-data-handling", 1),
        ("dataset-and-feature-versioning", 1),
    ],
    lessons=[_DATA_WHAT, _DATA_PROFILE, _DATA_LINEAGE],
)


# ---------------------------------------------------------------------------
# 3. When to use AI, and when not to
# ---------------------------------------------------------------------------

_WHEN_FIT = LessonSpec(
    slug="what-ai-is-good-and-bad-at",
    title="What AI is good at, and what it is bad at",
    minutes=12,
    summary=(
        "Generative AI produces plausible text. That makes it strong at some tasks and "
        "unreliable at others, and the line is not where intuition puts it."
    ),
    body=[
        _h("A tool with a particular shape"),
        _p(
            "<p>A generative AI assistant predicts plausible text, one piece at a "
            "time, based on patterns in what it was trained on and what you give it. "
            "It does not look facts up unless it is connected to a source, it does not "
            "know what it does not know, and it writes a wrong answer in exactly the "
            "same confident tone as a right one. Plausible is not the same as "
            "true.</p>"
            "<p>That shape makes it very good at working <em>with</em> material you "
            "provide and can check, and poor at supplying facts, calculations or "
            "judgements you cannot easily verify.</p>"
        ),
        _h("Where it genuinely helps"),
        _p(
            "<ul>"
            "<li><strong>Drafting from your notes</strong>: first versions of emails, "
            "job adverts, process documents and briefings.</li>"
            "<li><strong>Summarising a document you provide</strong>, when you can "
            "check the summary against it.</li>"
            "<li><strong>Restructuring</strong>: turning meeting notes into an action "
            "table, or a long email into five bullet points.</li>"
            "<li><strong>Changing tone or reading level</strong>: making a technical "
            "explanation suitable for customers.</li>"
            "<li><strong>Generating options</strong>: alternative subject lines, "
            "counter-arguments, questions a sceptical reader might ask.</li>"
            "<li><strong>Explaining</strong> an unfamiliar spreadsheet formula, "
            "acronym or piece of code, which you then test.</li>"
            "</ul>"
        ),
        _h("Where it lets you down"),
        _p(
            "<ul>"
            "<li><strong>Facts it was not given</strong>: regulation numbers, case "
            "law, prices, statistics, who holds which job. These are often "
            "invented.</li>"
            "<li><strong>Current information</strong>: recent rule changes, today's "
            "exchange rate, this week's stock levels.</li>"
            "<li><strong>Precise arithmetic over many figures</strong>: totals across "
            "a 200-row table belong in a spreadsheet.</li>"
            "<li><strong>Judgements about people</strong>: performance ratings, "
            "shortlisting, disciplinary outcomes. These need accountable human "
            "judgement, and some are prohibited uses.</li>"
            "<li><strong>Anything you cannot check</strong>, and anything involving "
            "data the tool is not approved for.</li>"
            "</ul>"
        ),
        _h("Examples from around Northwind"),
        _p(
            "<ul>"
            "<li><strong>Good fit.</strong> A finance analyst pastes the variance "
            "commentary she wrote for the monthly operations report and asks for a "
            "tighter version. She knows every fact in it and checks the result in "
            "three minutes.</li>"
            "<li><strong>Good fit.</strong> A customer service team leader asks "
            "Northwind Assistant to group 40 complaints into themes, then checks ten "
            "of them against the originals before presenting the themes.</li>"
            "<li><strong>Poor fit.</strong> A sales executive asks for 'the current "
            "VAT rules for selling to customers in Ireland' and pastes the answer into "
            "a customer email. The answer may be out of date or invented, and it is "
            "now Northwind's advice.</li>"
            "<li><strong>Poor fit.</strong> An HR adviser asks which of three "
            "candidates to shortlist. That is a judgement about people which must be "
            "made, and explained, by a person.</li>"
            "<li><strong>Poor fit.</strong> An operations planner asks for the total "
            "of 180 rows of freight costs. A spreadsheet gets it right every "
            "time.</li>"
            "</ul>"
        ),
        _callout(
            "tip",
            "The verification test",
            "<p>Before you start, ask: <em>how will I check this, and how long will "
            "checking take?</em> If checking takes longer than doing the task "
            "yourself, or you have no way to check at all, AI is probably the wrong "
            "tool for this job.</p>",
        ),
        _takeaways(
            "AI is strongest when it works with material you provide and can check.",
            "It is weakest at facts it was not given, current information, long "
            "calculations and judgements about people.",
            "A confident tone tells you nothing about whether an answer is right.",
            "If you cannot check the output, do not rely on it.",
        ),
    ],
)

_WHEN_PROMPTS = LessonSpec(
    slug="writing-bounded-prompts",
    title="Writing bounded prompts with context",
    minutes=15,
    summary=(
        "A bounded prompt leaves the model as few gaps to fill with guesses as "
        "possible: task, audience, sources, limits, format and what to do when unsure."
    ),
    body=[
        _h("Why vague prompts produce confident nonsense"),
        _p(
            "<p>The model fills every gap you leave with something plausible. Ask for "
            "'an email about the late delivery' and it will invent a reason for the "
            "delay, a new delivery date and perhaps an apology voucher, because those "
            "are what such emails usually contain. A bounded prompt closes the gaps so "
            "there is less to invent.</p>"
        ),
        _h("The six parts of a bounded prompt"),
        _p(
            "<ol>"
            "<li><strong>Task</strong>: what you want, in one sentence.</li>"
            "<li><strong>Audience and purpose</strong>: who will read it and what it "
            "must achieve.</li>"
            "<li><strong>Source material</strong>: the facts, pasted or attached, and "
            "an instruction to use only those.</li>"
            "<li><strong>Constraints</strong>: length, tone, house style, and what "
            "must not be included or promised.</li>"
            "<li><strong>Format</strong>: email, table, bullet points, headings.</li>"
            "<li><strong>Uncertainty rule</strong>: what to do when the sources do not "
            "cover something, for example 'write [CHECK] instead of guessing'.</li>"
            "</ol>"
            "<p>A two-line request to reword a sentence does not need all six. "
            "Anything that will reach a customer, a manager or a decision needs most "
            "of them, and the source material and uncertainty rule matter most: they "
            "are what stop the model inventing facts. Keep a few bounded prompts you "
            "use often in a note, so you are adapting a good prompt rather than "
            "writing one from scratch each time.</p>"
        ),
        _h("Before and after"),
        _code(
            "text",
            "BEFORE\n"
            "Write an email to a customer about their late delivery.\n"
            "\n"
            "AFTER\n"
            "Draft a reply to a business customer whose order is late.\n"
            "Audience: the customer's office manager; they are annoyed and want\n"
            "a clear new date.\n"
            "Use ONLY these facts:\n"
            "- Order NW-55812: 4 pallets of printer paper.\n"
            "- 3 pallets delivered 12 March; 1 pallet held at our Leeds depot\n"
            "  because the packaging was damaged.\n"
            "- Replacement pallet dispatching 18 March, delivery 19 March.\n"
            "Constraints: under 150 words; plain, polite British English;\n"
            "apologise once; do not offer refunds, discounts or compensation;\n"
            "do not mention the carrier by name.\n"
            "Format: email with a subject line.\n"
            "If anything the customer would need is not in the facts above,\n"
            "write [CHECK: ...] rather than inventing it.",
            "The second prompt leaves almost nothing for the model to guess.",
        ),
        _p(
            "<p>The bounded version fixes the facts, rules out the two things most "
            "likely to cause trouble (unauthorised compensation and blaming a named "
            "partner), and gives the model a safe way to say it does not know. It also "
            "uses an order reference rather than the customer's name and address, "
            "which the draft does not need.</p>"
            "<p><strong>Iterate rather than starting again</strong></p>"
            "<p>Treat the first answer as a draft and steer it:</p>"
            "<ul>"
            "<li>'Shorter, and move the new delivery date to the first sentence.'</li>"
            "<li>'List every claim in your draft that is not supported by the facts I "
            "gave you.'</li>"
            "<li>'For each point in your summary, quote the sentence in the contract "
            "it comes from.'</li>"
            "</ul>"
            "<p>The last two are especially useful: they turn the model's own output "
            "into something you can check quickly. Then check it; a quotation can be "
            "wrong too.</p>"
        ),
        _callout(
            "warning",
            "Context is data",
            "<p>Everything you paste is subject to the data class rules. Use an "
            "approved tool, include only what the task needs, and prefer references "
            "(order numbers, 'Customer A') to names, addresses and account details. "
            "Restricted data never goes into a general-purpose assistant, however good "
            "the prompt.</p>",
        ),
        _takeaways(
            "Every gap in a prompt is filled with a plausible guess.",
            "Bound a prompt with task, audience, sources, constraints, format and an "
            "uncertainty rule.",
            "Tell the model what it must not promise or include.",
            "Ask it to list unsupported claims or quote its sources, then check them.",
        ),
    ],
)

_WHEN_CHECKLIST = LessonSpec(
    slug="decision-checklist",
    title="A decision checklist: use AI or not?",
    minutes=14,
    summary=(
        "Five questions to ask before you use AI for a task, applied to real "
        "situations at Northwind."
    ),
    body=[
        _h("Five questions before you start"),
        _p(
            "<ol>"
            "<li><strong>Is it allowed?</strong> Is the tool approved, is it approved "
            "for this data class, and is the use itself permitted?</li>"
            "<li><strong>Is it a good fit?</strong> Drafting, summarising and "
            "restructuring are good fits. Supplying facts, long calculations and "
            "judgements about people are not.</li>"
            "<li><strong>Can I check it?</strong> Do I have the source material or the "
            "knowledge to spot an error?</li>"
            "<li><strong>What does an error cost?</strong> A clumsy internal note "
            "costs little. A wrong figure in a customer letter or a payment costs a "
            "lot.</li>"
            "<li><strong>Can I stand behind it?</strong> You are accountable for what "
            "you send. If you could not explain and defend it, do not send it.</li>"
            "</ol>"
            "<p>A 'no' to question 1 ends the discussion. A 'no' to 2 or 3 usually "
            "does. Questions 4 and 5 tell you how carefully to check.</p>"
        ),
        _h("Applying it: three cases"),
        _p(
            "<p><strong>Case 1: the supplier contract.</strong> A procurement officer "
            "needs the termination terms from a 30-page supplier contract before a "
            "renewal meeting. The contract is Confidential, so Northwind Assistant is "
            "allowed. Summarising a document provided is a good fit. She can check, "
            "provided she asks for clause numbers and quotations. An error could cost "
            "Northwind a missed notice date, so she checks every quoted clause in the "
            "original. <strong>Use it, with verification.</strong></p>"
            "<p><strong>Case 2: a leaver's holiday pay.</strong> A payroll officer "
            "wants the final holiday pay for a leaver. The employee's pay is "
            "Confidential personal data, but the real problem is question 2: this is a "
            "precise calculation under contract terms and statutory rules, and an "
            "error means underpaying a person. <strong>Do not use it.</strong> Use the "
            "payroll system's leaver calculation and have it checked in the usual "
            "way.</p>"
            "<p><strong>Case 3: the marketing claim.</strong> A marketing executive "
            "asks an assistant for copy saying Northwind's LED office lighting is "
            "'proven to cut energy bills by 30%'. The model will happily write it, but "
            "the figure is not something it was given, advertising claims must be "
            "substantiated, and nobody can stand behind it. <strong>Do not use it for "
            "the claim.</strong> AI can help with the wording once the product team "
            "supplies evidenced figures.</p>"
        ),
        _callout(
            "policy",
            "If in doubt, ask before you paste",
            "<p>Questions about whether a tool or a use is allowed go to the AI Help "
            "channel on the intranet or to ai-governance@northwind.example. Answers to "
            "common questions are usually given the same working day, and asking is "
            "always better than guessing.</p>",
        ),
        _takeaways(
            "Ask five questions: allowed, good fit, checkable, cost of error, can I "
            "stand behind it.",
            "A 'no' on whether it is allowed ends the discussion.",
            "The higher the cost of an error, the more thoroughly you check.",
            "AI can polish wording; it cannot supply the evidence behind a claim.",
        ),
        _check(
            "Check your understanding: when to use AI",
            _q(
                "q1",
                "single",
                "Which of these tasks is the best fit for an AI assistant?",
                _opts(
                    (
                        "Drafting a first version of a process document from your own "
                        "detailed notes.",
                        True,
                    ),
                    ("Totalling 180 rows of freight costs for a budget report.", False),
                    ("Deciding which of three candidates to shortlist.", False),
                    ("Finding the latest VAT rules for exports to Ireland.", False),
                ),
                "Drafting from material you supply and can check plays to AI's "
                "strengths. Long calculations, judgements about people and current "
                "regulatory facts are exactly where it is unreliable.",
            ),
            _q(
                "q2",
                "multiple",
                "Which of these make a prompt more bounded? Select all that apply.",
                _opts(
                    ("Pasting the source facts and saying 'use only these'.", True),
                    (
                        "Telling the model what to do when the facts do not cover "
                        "something, such as writing [CHECK].",
                        True,
                    ),
                    ("Adding 'be accurate' at the end of the prompt.", False),
                    ("Stating the length, format and what must not be promised.", True),
                ),
                "Sources, an uncertainty rule and explicit constraints all remove gaps "
                "the model would otherwise fill with guesses. 'Be accurate' does not "
                "give it any information it lacked.",
            ),
            _q(
                "q3",
                "true_false",
                "A confident, well-formatted answer from an AI assistant is more "
                "likely to be correct than a hesitant one.",
                _tf(False),
                "Generative models write wrong answers in the same confident, fluent "
                "style as right ones. Tone and formatting are not evidence.",
            ),
            _q(
                "q4",
                "judge_output",
                "An operations coordinator used the prompt below. Which problems are "
                "present in the AI's answer? Select all that apply.",
                _opts(
                    (
                        "It contradicts the notes by saying all four pallets were "
                        "delivered.",
                        True,
                    ),
                    ("It cites a law that does not exist.", True),
                    ("It promises a discount nobody authorised.", True),
                    ("It includes another customer's personal details.", False),
                    ("It gets the replacement delivery date wrong.", False),
                ),
                "The notes say one pallet was held back, yet the answer says all four "
                "were delivered. There is no 'Commercial Deliveries Standards Act "
                "2021'; the model invented it, and with it a 15% discount that nobody "
                "approved. The 19 March date matches the notes, and no other "
                "customer's data appears.",
                ai_prompt=(
                    "Write a short update for the customer on order NW-55812 using "
                    "these notes: 4 pallets ordered. 3 delivered 12 March. 1 held at "
                    "Leeds depot, packaging damaged. Replacement delivery 19 March."
                ),
                ai_answer=(
                    "Dear Customer,\n\nThank you for your patience. All four pallets "
                    "of your order NW-55812 were delivered on 12 March, and a "
                    "replacement for the damaged packaging will follow on 19 March. "
                    "As required under the Commercial Deliveries Standards Act 2021, "
                    "you are entitled to a 15% discount on this order, which will be "
                    "applied to your next invoice.\n\nKind regards,\nNorthwind "
                    "Customer Service"
                ),
            ),
            _q(
                "q5",
                "single",
                "You estimate that checking an AI draft properly would take longer "
                "than writing it yourself. What is the sensible choice?",
                _opts(
                    ("Use the draft and check only the first paragraph.", False),
                    ("Write it yourself.", True),
                    ("Use the draft and add a disclaimer.", False),
                    ("Ask the assistant whether its draft is correct.", False),
                ),
                "If verification costs more than doing the work, AI is not saving "
                "time, and skipping the check moves the risk onto the reader. Asking "
                "the model to confirm its own answer is not a check.",
            ),
        ),
    ],
)

WHEN_TO_USE_AI = CourseSpec(
    slug="when-to-use-ai",
    title="When to use AI \u2014 and when not to",
    summary=(
        "A practical guide for everyday work: which tasks AI helps with and which it "
        "harms, how to write bounded prompts with the right context, and a checklist "
        "for deciding whether to use it at all."
    ),
    level="foundation",
    skills=[
        ("effective-prompting", 2),
        ("critical-evaluation-of-ai-output", 1),
        ("ai-policy-and-acceptable-use", 1),
    ],
    lessons=[_WHEN_FIT, _WHEN_PROMPTS, _WHEN_CHECKLIST],
)


# ---------------------------------------------------------------------------
# 4. Judging AI output: hallucination, bias and leakage
# ---------------------------------------------------------------------------

_JUDGE_FACTS = LessonSpec(
    slug="fabricated-facts-and-overconfident-advice",
    title="Spotting fabricated facts and overconfident advice",
    minutes=18,
    summary=(
        "Why models invent citations and figures, the warning signs, and a "
        "verification routine that fits into a working day."
    ),
    body=[
        _h("Why fabrication happens"),
        _p(
            "<p>A language model generates the most plausible continuation of the text "
            "so far. When it lacks a fact, it still produces something plausible: a "
            "regulation name in the right format, a case that sounds real, a statistic "
            "with a decimal point. It is not lying; it has no built-in sense of not "
            "knowing. Tools that search documents before answering reduce the problem "
            "but do not remove it. They can misquote a source, merge two sources, or "
            "fill a gap between them.</p>"
            "<p><strong>Warning signs</strong></p>"
            "<ul>"
            "<li><strong>Citations you did not supply</strong>: section numbers, "
            "regulation titles, case names, report titles, web addresses.</li>"
            "<li><strong>Precise numbers with no source</strong>: 'reduces handling "
            "time by 27.4%'.</li>"
            "<li><strong>References to things it never saw</strong>: 'as agreed in "
            "your contract with Halden Logistics' when you gave it no contract.</li>"
            "<li><strong>Confident answers about recent events</strong> or current "
            "rates, prices and rules.</li>"
            "<li><strong>Advice framed as certainty</strong>: 'you are legally "
            "entitled', 'this is fully tax-deductible', 'there is no risk'.</li>"
            "<li><strong>Neat agreement with your assumption</strong>. Ask 'why is "
            "supplier X in breach?' and you will usually get reasons, whether or not "
            "it is.</li>"
            "</ul>"
        ),
        _h("Overconfident advice is a risk of its own"),
        _p(
            "<p>Legal, tax, employment, health and safety and financial questions "
            "rarely have one-line answers; they depend on facts, contracts and "
            "context. A model will still give a one-line answer.</p>"
            "<p>An HR adviser at Northwind asked whether an employee on a fixed-term "
            "contract could be let go with one week's notice. The assistant replied: "
            "'Yes. Under UK law one week's notice is always sufficient for fixed-term "
            "employees.' The real answer depends on the contract's notice terms, "
            "length of service and the reason, and it is a question for the Employment "
            "Law team. Used properly, the output is a list of questions to take to the "
            "specialist, not the answer.</p>"
        ),
        _h("A verification routine"),
        _p(
            "<ol>"
            "<li><strong>Trace every claim.</strong> Mark each factual statement with "
            "its source: your document, a system of record or an authoritative site. "
            "Anything unmarked is unverified.</li>"
            "<li><strong>Check citations exist.</strong> Look legislation up on "
            "legislation.gov.uk or the regulator's site. A citation you cannot find is "
            "treated as invented.</li>"
            "<li><strong>Recompute numbers</strong> in a spreadsheet, including "
            "percentages and totals.</li>"
            "<li><strong>Ask for quotations</strong>, such as 'quote the clause each "
            "point relies on', then find each quotation in the original.</li>"
            "<li><strong>Ask the counter-question</strong>: 'What would make this "
            "advice wrong?' Then decide whether those conditions apply.</li>"
            "<li><strong>Route specialist advice to specialists</strong>: Legal, Tax, "
            "Employment Law, Health and Safety.</li>"
            "</ol>"
        ),
        _code(
            "text",
            "Claim in AI summary               Checked against        Result\n"
            "--------------------------------  ---------------------  ----------\n"
            "Notice period 90 days (cl. 14.2)  Contract cl. 14.2      Confirmed\n"
            "Auto-renews for 24 months         Contract cl. 3.1       WRONG: 12\n"
            "Price review capped at CPI + 2%   Contract cl. 8.4       Confirmed\n"
            "Supplier owes 6 months' notice    Not in contract        Removed\n"
            "Statutory interest 8% over base   legislation.gov.uk     Confirmed",
            "A verification log for a contract summary: five claims, two failures.",
        ),
        _callout(
            "warning",
            "Fluency is not evidence",
            "<p>The more polished an answer looks, the less people check it. Treat "
            "formatting, confident phrasing and precise-looking numbers as neutral: "
            "they are what the model produces whether or not it is right.</p>",
        ),
        _takeaways(
            "Models produce plausible text when they lack facts, including invented "
            "citations and statistics.",
            "Citations, precise figures and certainty you did not supply are warning "
            "signs.",
            "Trace claims, check citations exist, recompute numbers and verify "
            "quotations.",
            "Legal, tax, employment and financial advice goes to specialists.",
        ),
    ],
)

_JUDGE_BIAS = LessonSpec(
    slug="bias-and-leaked-data",
    title="Spotting bias and leaked data",
    minutes=18,
    summary=(
        "How bias appears in wording and outcomes, the swap test, and how to catch "
        "data that should never have appeared in an output."
    ),
    body=[
        _h("Bias shows up in words and in outcomes"),
        _p(
            "<p>Models learn from human writing, including its stereotypes. Bias "
            "appears in two forms:</p>"
            "<ul>"
            "<li><strong>Wording bias</strong>: the same behaviour described "
            "differently depending on who it is about.</li>"
            "<li><strong>Outcome bias</strong>: recommendations, scores or priorities "
            "that differ systematically between groups.</li>"
            "</ul>"
            "<p><strong>Wording bias: an example.</strong> During a pilot summarising "
            "360-degree feedback, two managers received near-identical comments about "
            "pushing hard for deadlines. The summary for Daniel read 'decisive and "
            "direct, a natural leader'. The summary for Aisha read 'can come across as "
            "abrasive; should work on her tone'.</p>"
            "<p>Words to watch for include 'abrasive', 'emotional' and 'aggressive' "
            "(often applied to women), 'articulate' (often applied to ethnic minority "
            "colleagues, with an implied surprise), and 'energetic' against 'set in "
            "their ways' (age). Also watch for irrelevant personal details such as "
            "age, nationality or family circumstances appearing where they have no "
            "bearing.</p>"
            "<p><strong>Outcome bias and proxies.</strong> Outcome bias is harder to "
            "see in one output, so ask what a recommendation is based on. An assistant "
            "asked to prioritise collections calls suggested focusing on certain "
            "postcodes; postcode correlates with ethnicity and deprivation. Other "
            "common proxies are names, schools, gaps in employment (which often "
            "reflect maternity or illness) and age-related phrases such as 'digital "
            "native'. For systems rather than single outputs, formal bias testing "
            "across groups is a Tier 3 requirement.</p>"
        ),
        _h("The swap test"),
        _p(
            "<p>To check a single output, run the same input again changing only the "
            "group signal: the name, pronouns, age or a mention of disability. Compare "
            "the two outputs line by line. If the tone, rating or recommendation "
            "changes, you have found bias, and you have evidence of it. Keep a short "
            "record of what you tested, like the one below, and attach it to your "
            "report.</p>"
        ),
        _code(
            "text",
            "Swap test: feedback summary, 14 Oct\n"
            "Input: identical 360 comments (ref FB-0931)\n"
            "Run A  name 'Daniel', he/him  -> 'decisive, natural leader'\n"
            "Run B  name 'Aisha', she/her  -> 'abrasive, work on tone'\n"
            "Result: wording changes with gender only. Reported as Sev 2\n"
            "to the tool's business owner with both outputs attached.",
            "Keep a short record: it turns a feeling into evidence.",
        ),
        _h("Leaked data"),
        _p(
            "<p>Leakage means an output contains information its reader should not "
            "see. It takes four common forms:</p>"
            "<ul>"
            "<li>Another person's personal data, for example from a retrieval or "
            "caching fault pulling in the wrong record.</li>"
            "<li>Internal commentary in an external draft: 'customer is difficult', "
            "margins, negotiating limits.</li>"
            "<li>Confidential context from your prompt echoed into a document going "
            "outside Northwind.</li>"
            "<li>Secrets such as passwords or API keys reproduced in code or "
            "logs.</li>"
            "</ul>"
            "<p>Before anything leaves your hands, check that every name, number, "
            "address and reference belongs to this recipient, and that nothing "
            "internal has travelled with it.</p>"
        ),
        _callout(
            "policy",
            "Leaked personal data is a Sev 1 incident",
            "<p>Do not send it, do not forward it 'to check', and do not delete it. "
            "Take a screenshot and phone the IT Service Desk. If it has already gone "
            "out, report it anyway and straight away: the 72-hour period for notifying "
            "the ICO of a reportable breach starts when Northwind becomes aware of "
            "it.</p>",
        ),
        _takeaways(
            "Bias appears both in wording and in outcomes.",
            "The swap test changes only the group signal and compares the outputs.",
            "Postcodes, names, employment gaps and age phrases can act as proxies for "
            "protected characteristics.",
            "Check every detail belongs to the recipient; leaked personal data is Sev "
            "1.",
        ),
    ],
)

_JUDGE_ESCALATE = LessonSpec(
    slug="pushing-back-and-escalating",
    title="When and how to push back and escalate",
    minutes=20,
    summary=(
        "Choosing between fixing, pushing back and escalating, handling the "
        "conversation with colleagues, and writing a report that gets acted on."
    ),
    body=[
        _h("Three responses: fix, push back, escalate"),
        _p(
            "<ul>"
            "<li><strong>Fix it yourself</strong> when the error is a one-off in work "
            "you are responsible for and has not gone anywhere: a wrong date in your "
            "own draft.</li>"
            "<li><strong>Push back</strong> when an error is a pattern, or when "
            "someone else is relying on AI output you believe is wrong: a colleague's "
            "report, a supplier's AI-generated analysis, a tool that keeps making the "
            "same mistake. Raise it with the person or the tool's owner.</li>"
            "<li><strong>Escalate</strong> as an incident when there is harm or likely "
            "harm: personal data exposed, a wrong decision about a person, biased "
            "output reaching customers or staff, legal or regulatory exposure, or when "
            "pushing back has not worked.</li>"
            "</ul>"
        ),
        _h("Pushing back on people, not just tools"),
        _p(
            "<p>The harder conversation is often with a colleague or a manager. "
            "Suppose your manager says: 'The AI summary says the supplier is in breach "
            "of clause 9, so hold their payment.' You have read clause 9 and it says "
            "something different.</p>"
            "<p>Keep it about the evidence, not about whether AI was used:</p>"
            "<ul>"
            "<li>'I checked clause 9. It only lets us withhold payment after giving 30 "
            "days' written notice, and I can't find that we gave any.'</li>"
            "<li>'Withholding payment could put us in breach ourselves. Can we get "
            "Legal to confirm before we act?'</li>"
            "<li>'I'm happy to be wrong on this, but I'd like us to check the original "
            "first.'</li>"
            "</ul>"
            "<p>If the decision goes ahead regardless and you believe it causes harm, "
            "that is an escalation, not insubordination.</p>"
        ),
        _h("Writing an escalation that gets acted on"),
        _p(
            "<p>Keep reports factual and specific. 'The AI is leaking data' is hard to "
            "act on; a case number, a time and a screenshot let the technical owner "
            "find the fault in minutes. Say what you do not know as well as what you "
            "do, and what you have already done. A report in this shape is quick to "
            "write and quick to act on:</p>"
        ),
        _code(
            "text",
            "Subject: AI incident - Service Desk Summariser - Sev 1 -\n"
            "         another customer's details in draft reply\n"
            "\n"
            "What happened:  Draft reply for case 88213 contained another\n"
            "                customer's name, address and case number.\n"
            "When / where:   Tue 14:05, CRM queue B (home deliveries)\n"
            "Evidence:       Screenshot attached to this secure form\n"
            "Data involved:  Customer name and address (personal data)\n"
            "Impact so far:  Not sent. Don't know if other drafts affected.\n"
            "What I did:     Stopped using the tool; told my team leader.\n"
            "Contact:        J. Okafor, ext. 4471",
            "A good report says what, when, evidence, data, impact and action taken.",
        ),
        _callout(
            "policy",
            "Blame-free, but not consequence-free",
            "<p>Northwind's incident reviews examine systems and processes, not "
            "individuals. Reporting your own mistake, such as pasting the wrong file "
            "into an assistant, is treated as a contribution, because it lets the "
            "damage be contained. What is not acceptable is hiding a problem, deleting "
            "evidence, or continuing to use a tool you know is faulty.</p>"
            "<p>Do not wait to be certain. A reasonable suspicion with one piece of "
            "evidence is enough to report; investigating is the owner's job. In many "
            "serious incidents someone noticed early but waited because they were not "
            "sure.</p>",
        ),
        _takeaways(
            "Fix one-off errors in your own work; push back on patterns or on others "
            "relying on wrong output; escalate harm.",
            "Push back with evidence from the source, not opinions about AI.",
            "A good report gives what, when, evidence, data involved, impact and "
            "action taken.",
            "Self-reporting is welcomed; hiding problems is not.",
        ),
        _check(
            "Check your understanding: judging AI output",
            _q(
                "q1",
                "judge_output",
                "An accounts payable analyst used the prompt below. Which problems are "
                "present in the answer? Select all that apply.",
                _opts(
                    ("It cites a regulation that does not exist.", True),
                    (
                        "It gives legal advice with unjustified certainty ('no legal "
                        "risk', no need to notify).",
                        True,
                    ),
                    (
                        "It recommends deducting more than the contract clause "
                        "supports.",
                        True,
                    ),
                    ("It calculates the clause 7 service credit wrongly.", False),
                    ("It discloses a named individual's personal data.", False),
                ),
                "Two late deliveries at 2% each is 4% of £48,200, which is £1,928, so "
                "the service credit arithmetic is correct. But there are no "
                "'Commercial Haulage (Late Performance) Regulations 2019'; the extra "
                "10% deduction rests on an invented source and goes beyond clause 7. "
                "'No legal risk' and 'no need to notify' are overconfident legal "
                "advice that belongs with Legal. No personal data appears.",
                ai_prompt=(
                    "Halden Logistics has invoiced us £48,200 for March haulage. Two "
                    "deliveries were late. Clause 7 of our contract: 'a service credit "
                    "of 2% of the monthly charge applies for each late delivery, "
                    "capped at 10% per month'. Draft a short note for the accounts "
                    "payable lead on what we can deduct."
                ),
                ai_answer=(
                    "Under clause 7 you can deduct 2% for each late delivery, so 4% of "
                    "£48,200 = £1,928. In addition, the Commercial Haulage (Late "
                    "Performance) Regulations 2019 entitle Northwind to withhold a "
                    "further 10% of the invoice in any month with late deliveries, so "
                    "you can safely deduct £6,748 in total. There is no legal risk in "
                    "doing this and you do not need to notify Halden in advance."
                ),
            ),
            _q(
                "q2",
                "judge_output",
                "A customer service agent asked the assistant for a handover summary. "
                "Which problems are present in the answer? Select all that apply.",
                _opts(
                    (
                        "It includes another customer's name, address and case "
                        "details.",
                        True,
                    ),
                    (
                        "It uses stereotyped wording about the customer's age.",
                        True,
                    ),
                    ("It cites a regulation that does not exist.", False),
                    ("It reveals the customer's payment card details.", False),
                ),
                "Mr Hughes's name, address and case number have nothing to do with "
                "this case: that is leaked personal data and a Sev 1 incident. 'As is "
                "typical for elderly customers, she seems confused' is a stereotype "
                "with no basis in the case notes. No regulation is cited and no card "
                "details appear.",
                ai_prompt=(
                    "Summarise the complaint thread on case 88213 for the handover "
                    "note to the next shift."
                ),
                ai_answer=(
                    "Case 88213, Mrs Price (78): complaint about a missed delivery "
                    "slot on 3 June for her washing machine. As is typical for elderly "
                    "customers, she seems confused about the booking and may need "
                    "things explained slowly. She is asking for the £25 delivery "
                    "charge to be refunded. Note: a similar complaint from Mr David "
                    "Hughes, 14 Alder Road, Leeds LS6 2QT (case 88197) was resolved "
                    "with a full refund."
                ),
            ),
            _q(
                "q3",
                "judge_output",
                "A sales manager asked for material for a pitch deck. Which problems "
                "are present in the answer? Select all that apply.",
                _opts(
                    (
                        "Precise statistics attributed to sources that cannot be "
                        "traced.",
                        True,
                    ),
                    (
                        "An overconfident legal claim: consumer protection rules do "
                        "not generally apply to contracts between businesses.",
                        True,
                    ),
                    ("Leaked personal data about a named customer.", False),
                    ("Biased wording about a group of people.", False),
                ),
                "'67%' and '41%' come with official-sounding sources that cannot be "
                "found; treat them as invented until someone locates the original. "
                "'Risk-free' and 'cancel at any time under UK consumer law' is wrong "
                "for business customers and would be a misleading claim. No personal "
                "data or biased wording appears.",
                ai_prompt=(
                    "Give me three bullet points on why mid-sized UK manufacturers are "
                    "moving to subscription maintenance contracts, for a sales pitch "
                    "deck aimed at operations directors."
                ),
                ai_answer=(
                    "- 67% of mid-sized UK manufacturers moved to subscription "
                    "maintenance in 2023 (Office for National Statistics, Factory "
                    "Services Survey 2023).\n- Subscription contracts cut unplanned "
                    "downtime by 41% on average (UK Maintenance Benchmark Report).\n"
                    "- Switching is risk-free: under UK consumer law, every "
                    "subscription can be cancelled at any time without penalty."
                ),
            ),
            _q(
                "q4",
                "single",
                "Your manager wants to withhold a supplier payment because an AI "
                "summary says the supplier is in breach. You have read the clause and "
                "it does not say that. What is the best first step?",
                _opts(
                    (
                        "Say nothing: the manager is accountable for the decision.",
                        False,
                    ),
                    (
                        "Show the manager the clause wording and ask for Legal to "
                        "confirm before acting.",
                        True,
                    ),
                    ("Report the manager as a Sev 1 incident immediately.", False),
                    ("Ask the AI to summarise the contract again.", False),
                ),
                "Push back with evidence from the source and suggest a specialist "
                "check. Escalate if the decision goes ahead and you believe it causes "
                "harm. Re-running the summary does not verify anything.",
            ),
            _q(
                "q5",
                "multiple",
                "Which of these belong in an AI incident report? Select all that "
                "apply.",
                _opts(
                    ("The case number, time and tool involved.", True),
                    ("What data was involved and whether it left Northwind.", True),
                    ("What you have already done, such as stopping use.", True),
                    ("Your opinion of whoever configured the tool.", False),
                ),
                "A report that gives what, when, evidence, data, impact and actions "
                "taken lets the owner act quickly. Opinions about individuals do not "
                "help and work against a blame-free review.",
            ),
            _q(
                "q6",
                "true_false",
                "You should wait until you are certain an output is biased before "
                "reporting it, to avoid wasting the owner's time.",
                _tf(False),
                "A reasonable suspicion with evidence, such as a swap test record, is "
                "enough. Investigating is the owner's job, and early reports stop "
                "patterns before they reach more people.",
            ),
        ),
    ],
)

JUDGING_AI_OUTPUT = CourseSpec(
    slug="judging-ai-output",
    title="Judging AI output: hallucination, bias and leakage",
    summary=(
        "Go beyond 'check the output': recognise fabricated facts and overconfident "
        "advice, spot biased wording and leaked data, and know when to fix, push back "
        "or escalate."
    ),
    level="practitioner",
    skills=[
        ("critical-evaluation-of-ai-output", 3),
        ("bias-and-fairness-evaluation", 2),
        ("escalation-and-incident-ownership", 2),
    ],
    lessons=[_JUDGE_FACTS, _JUDGE_BIAS, _JUDGE_ESCALATE],
    prerequisites=["when-to-use-ai"],
)


# ---------------------------------------------------------------------------
# 5. Handling data safely and avoiding shadow AI
# ---------------------------------------------------------------------------

_SAFE_CLASSES = LessonSpec(
    slug="data-classes-and-tools",
    title="Data classes and what may go into which tool",
    minutes=15,
    summary=(
        "Northwind's four data classes, the tool matrix, and how to minimise what you "
        "paste even when it is allowed."
    ),
    body=[
        _h("One question before you paste"),
        _p(
            "<p>Before you paste, upload, dictate or connect anything to an AI tool, "
            "ask: <em>what class is this data, and is this tool approved for it?</em> "
            "Many AI data incidents start with someone who never asked, usually while "
            "trying to save ten minutes.</p>"
            "<p><strong>The four classes, with examples</strong></p>"
            "<ul>"
            "<li><strong>Public</strong>: the website, published price lists, press "
            "releases, the published annual report.</li>"
            "<li><strong>Internal</strong>: process documents, organisation charts, "
            "internal announcements, project plans, aggregated figures that identify "
            "nobody.</li>"
            "<li><strong>Confidential</strong>: customer and employee personal data "
            "(names, contact details, order history, complaints), contracts, supplier "
            "pricing, unpublished plans, management accounts.</li>"
            "<li><strong>Restricted</strong>: health and other special category data "
            "(ethnicity, religion, trade union membership, sexual orientation), "
            "payment card and bank details, National Insurance numbers, passwords and "
            "API keys, disciplinary, grievance and investigation files, legally "
            "privileged advice, unreleased financial results and deal "
            "information.</li>"
            "</ul>"
        ),
        _h("The tool matrix"),
        _code(
            "text",
            "Tool                        Public  Internal  Confidential  Restricted\n"
            "Consumer AI (personal acc.)  yes     no        no            no\n"
            "Northwind Assistant          yes     yes       yes           no\n"
            "Office suite assistant       yes     yes       yes           no\n"
            "CodeAssist (IT only)         yes     yes       no (1)        no\n"
            "Service Desk Summariser      yes     yes       yes (2)       no\n"
            "\n"
            "(1) Source code is Internal. No customer data, never secrets.\n"
            "(2) Customer personal data only inside the CRM workflow it serves.\n"
            "Restricted data: only systems the AI Review Board has approved\n"
            "for that specific data.",
            "Northwind's AI tool matrix. The live version is on the intranet under "
            "Governance, Approved AI Tools.",
        ),
        _h("Minimise, even when it is allowed"),
        _p(
            "<p>Permission to use Confidential data is not a reason to use all of it. "
            "Put in the least the task needs:</p>"
            "<ul>"
            "<li>Replace names with roles or labels: 'Customer A', 'the line "
            "manager'.</li>"
            "<li>Use order or case references rather than names and addresses.</li>"
            "<li>Cut documents down to the relevant section instead of uploading the "
            "whole file.</li>"
            "<li>Aggregate: '12 complaints about late delivery in Leeds this month' "
            "rather than twelve individual complaints.</li>"
            "<li>Strip signatures, email footers and forwarded history.</li>"
            "</ul>"
        ),
        _h("More sensitive than it looks"),
        _p(
            "<ul>"
            "<li><strong>Screenshots</strong> that show other browser tabs, "
            "notifications or a CRM record in the background.</li>"
            "<li><strong>Spreadsheets</strong> with hidden columns or tabs holding "
            "salaries or bank details.</li>"
            "<li><strong>Email threads</strong> whose forwarded history contains "
            "things the latest message does not.</li>"
            "<li><strong>Free text</strong>, where customers volunteer health "
            "information: 'I'm disabled and couldn't get to the door in time'.</li>"
            "<li><strong>Meeting transcripts</strong>, which capture everything said, "
            "including the off-the-record bits.</li>"
            "<li><strong>Logs and stack traces</strong>, which often contain tokens, "
            "keys or customer identifiers.</li>"
            "<li><strong>'Anonymised' data</strong> that still identifies someone: the "
            "only engineer in a three-person team, plus a salary band, is a "
            "person.</li>"
            "</ul>"
        ),
        _callout(
            "warning",
            "Connections count too",
            "<p>Giving an AI plugin or add-in access to your mailbox, calendar or "
            "shared drive gives it everything you can see, including Restricted files. "
            "Only connectors on the Approved AI Tools list may be switched on, and "
            "only with the permissions listed there.</p>",
        ),
        _takeaways(
            "Ask what class the data is and whether the tool is approved for it, every "
            "time.",
            "Restricted data never goes into a general-purpose tool.",
            "Minimise even when the tool is approved: references, labels, extracts, "
            "aggregates.",
            "Screenshots, hidden columns, threads, free text and logs carry more than "
            "they seem to.",
        ),
    ],
)

_SAFE_SHADOW = LessonSpec(
    slug="shadow-ai",
    title="Shadow AI: why it happens and what to do instead",
    minutes=15,
    summary=(
        "Why capable people use unapproved AI tools, what that really risks, the "
        "sanctioned alternatives, and how to report without blame."
    ),
    body=[
        _h("What shadow AI is, and why people use it"),
        _p(
            "<p>Shadow AI is any AI tool or feature used for work without approval. At "
            "Northwind the common forms are:</p>"
            "<ul>"
            "<li>free chatbots used on personal accounts;</li>"
            "<li>browser extensions that 'summarise this page' or 'improve this "
            "email';</li>"
            "<li>AI note-takers that join video calls;</li>"
            "<li>AI features switched on inside a software product nobody reviewed for "
            "AI use;</li>"
            "<li>personal API keys used in scripts and spreadsheets.</li>"
            "</ul>"
            "<p><strong>Why people do it</strong></p>"
            "<p>It is rarely careless and almost never malicious. In Northwind's "
            "anonymous 2024 staff survey, 38% of respondents said they had used an "
            "unapproved AI tool for work in the previous month. The reasons they gave "
            "were:</p>"
            "<ul>"
            "<li>the approved tool did not do what they needed;</li>"
            "<li>they assumed approval would be slow;</li>"
            "<li>they did not realise the feature was AI, or that it was not "
            "approved;</li>"
            "<li>they were used to the tool at home;</li>"
            "<li>they were under pressure to deliver.</li>"
            "</ul>"
            "<p>Every one of those is a signal about what the organisation needs to "
            "provide, which is why the response is about alternatives, not "
            "punishment.</p>"
        ),
        _h("The risks are real"),
        _p(
            "<ul>"
            "<li><strong>Data leaves Northwind's control.</strong> Without a contract, "
            "a provider may keep inputs, use them for training or store them in "
            "another jurisdiction.</li>"
            "<li><strong>No record.</strong> Northwind cannot answer a customer's "
            "subject access request or an investigation about data it cannot see.</li>"
            "<li><strong>Unchecked output in real processes.</strong> A commission "
            "spreadsheet in sales used a chatbot-written formula that capped the wrong "
            "column; it underpaid three people for two quarters.</li>"
            "<li><strong>Recording without consent.</strong> Note-taker bots record "
            "people who never agreed, and store transcripts outside Northwind.</li>"
            "<li><strong>Extensions see everything.</strong> A browser extension that "
            "can read pages can read the CRM, HR and payroll screens you open.</li>"
            "<li><strong>Broken promises.</strong> Customer contracts often forbid "
            "sharing their data with unapproved third parties.</li>"
            "</ul>"
        ),
        _h("Sanctioned alternatives"),
        _p(
            "<ul>"
            "<li>Free chatbot: use <strong>Northwind Assistant</strong>, which is "
            "approved up to Confidential.</li>"
            "<li>Meeting note-taker: use the office suite's built-in transcription, "
            "announced by the organiser at the start of the call.</li>"
            "<li>'Summarise this page' extension: paste the relevant text into "
            "Northwind Assistant.</li>"
            "<li>Personal API key in a script: request a project key from IT, which "
            "comes with logging and a spending limit.</li>"
            "<li>A specialist tool that nothing approved can replace: submit the AI "
            "Tool Request form. Requests for low-risk tools are usually decided within "
            "10 working days.</li>"
            "</ul>"
        ),
        _h("Reporting without blame"),
        _p(
            "<p>If you have used an unapproved tool for work data, report it through "
            "the AI Help form. What matters is what data went where, so that Northwind "
            "can act: ask the provider to delete it, rotate a key, or tell affected "
            "people if necessary.</p>"
            "<p>If you see colleagues doing it, raise the tool rather than the person: "
            "'Our team is using this extension to summarise cases. Can we get it "
            "reviewed, or is there an approved alternative?'</p>"
        ),
        _callout(
            "policy",
            "Northwind's no-blame commitment",
            "<p>Self-reported use of an unapproved AI tool will not lead to "
            "disciplinary action unless it involved deliberate concealment or "
            "deliberate misuse of Restricted data. Continuing to use the tool after "
            "you know it is unapproved, or hiding its use later, changes that.</p>",
        ),
        _takeaways(
            "Shadow AI includes extensions, note-takers, hidden features and personal "
            "API keys, not just chatbots.",
            "People use it to get work done; the answer is better alternatives.",
            "The risks are data loss, no record, unchecked output and recording "
            "without consent.",
            "Self-reports are no-blame; raise the tool, not the person.",
        ),
    ],
)

_SAFE_SCENARIOS = LessonSpec(
    slug="scenarios-making-the-call",
    title="Scenarios: making the call",
    minutes=20,
    summary=(
        "Five realistic situations from around Northwind, each with the decision and "
        "the reasoning behind it."
    ),
    body=[
        _p(
            "<p>Each scenario is a real kind of situation at Northwind. Decide what "
            "you would do before reading the answer, using the two questions from this "
            "course: <em>what class is this data?</em> and <em>is this tool approved "
            "for it?</em></p>"
        ),
        _h("Sensitive documents"),
        _p(
            "<p><strong>Scenario 1: the grievance letter.</strong> An HR adviser has a "
            "six-page grievance letter to respond to. It mentions the employee's "
            "anxiety diagnosis. She wants Northwind Assistant to help structure the "
            "response.</p>"
            "<p><strong>Decision:</strong> not with the letter. Grievance files and "
            "health information are Restricted. She can ask the assistant a generic "
            "question ('a structure for responding to a grievance about workload "
            "allocation') with no case details, then write the response herself using "
            "the Employee Relations templates.</p>"
            "<p><strong>Scenario 2: the results commentary.</strong> Two weeks before "
            "the half-year results are published, a finance analyst wants Northwind "
            "Assistant to polish her commentary.</p>"
            "<p><strong>Decision:</strong> no. Unreleased financial results are "
            "Restricted. She writes it herself, or uses only tools the AI Review Board "
            "has approved for that data. Once the results are published, the same text "
            "is Public.</p>"
        ),
        _h("AI tools you did not choose"),
        _p(
            "<p><strong>Scenario 3: the note-taker on the sales call.</strong> A sales "
            "executive wants to run his free AI note-taker on a customer call. When "
            "the call starts, he sees the customer has their own note-taker "
            "running.</p>"
            "<p><strong>Decision:</strong> his own tool is shadow AI; he should use "
            "the office suite's approved transcription instead. The customer's bot is "
            "their choice, but everything said will be recorded by a third party, so "
            "he should say nothing he would not put in an email, and he may ask for it "
            "to be switched off for a sensitive part of the discussion.</p>"
            "<p><strong>Scenario 4: the browser extension.</strong> A customer service "
            "team leader finds three agents using a free browser extension to "
            "summarise CRM cases.</p>"
            "<p><strong>Decision:</strong> ask them to stop, and report the tool, not "
            "the agents, through the AI Help form so that governance can work out what "
            "the extension captured. Then point the team to the Service Desk "
            "Summariser, which does the same job inside the CRM, and find out why they "
            "were not using it. In this case it had not been switched on for their "
            "queue.</p>"
        ),
        _h("When the mistake has already happened"),
        _p(
            "<p><strong>Scenario 5: the stack trace.</strong> An IT developer pastes a "
            "log into CodeAssist to debug a failing integration, then notices the log "
            "contained a live API key for the payment provider.</p>"
            "<p><strong>Decision:</strong> report it to IT Security straight away so "
            "that the key is rotated. CodeAssist is an approved tool, but secrets must "
            "never go into it, and a key that has been exposed anywhere should be "
            "treated as compromised. Reporting it quickly is what the no-blame "
            "commitment exists for.</p>"
        ),
        _callout(
            "tip",
            "The two-question habit",
            "<p>What class is this data? Is this tool approved for it? Asked every "
            "time, these two questions prevent almost every scenario above. When the "
            "answer is unclear, the AI Help channel can usually answer within the "
            "working day.</p>",
        ),
        _takeaways(
            "Grievance, health, results and credentials are Restricted, whatever the "
            "tool.",
            "You can often still use AI generically, without the sensitive details.",
            "An exposed secret is rotated and reported, even if the tool was approved.",
            "When shadow AI appears, stop it, report the tool and fix the reason "
            "behind it.",
        ),
        _check(
            "Check your understanding: safe data and shadow AI",
            _q(
                "q1",
                "judge_output",
                "A buyer asked Northwind Assistant to draft an external email. Which "
                "problems are present in the answer? Select all that apply.",
                _opts(
                    ("It reveals Northwind's maximum budget to the supplier.", True),
                    ("It discloses a competing supplier's quote.", True),
                    ("It cites a regulation that does not exist.", False),
                    ("It uses biased wording about a group of people.", False),
                ),
                "The internal context in the prompt (Corrugo's quote and the £120,000 "
                "ceiling) has leaked into an external email, which weakens Northwind's "
                "negotiating position and may breach Corrugo's confidentiality. The "
                "email cites no regulation and contains no biased wording. The buyer "
                "should have told the assistant what must not be included, and must "
                "check every external draft for internal information.",
                ai_prompt=(
                    "Draft a friendly email to Brennan Packaging confirming we intend "
                    "to renew their contract for another year. Internal context: their "
                    "price is 8% above Corrugo's quote, but we are renewing because of "
                    "their delivery record. Our maximum budget is £120,000."
                ),
                ai_answer=(
                    "Dear Ms Brennan,\n\nI'm pleased to confirm that Northwind intends "
                    "to renew our packaging contract for a further year. Although your "
                    "pricing is around 8% above the quote we received from Corrugo, "
                    "your delivery record made the decision easy. We are comfortable "
                    "with a contract value of up to £120,000, so please send over "
                    "revised terms at your convenience.\n\nBest regards,\nNorthwind "
                    "Procurement"
                ),
            ),
            _q(
                "q2",
                "single",
                "An employee's grievance letter mentions a medical condition. Which "
                "data class is it?",
                _opts(
                    ("Internal", False),
                    ("Confidential", False),
                    ("Restricted", True),
                    ("Public, if the employee has told colleagues", False),
                ),
                "Grievance files and health information are both Restricted, so the "
                "letter must not go into any general-purpose AI tool.",
            ),
            _q(
                "q3",
                "multiple",
                "Which of these are examples of shadow AI at Northwind? Select all "
                "that apply.",
                _opts(
                    ("A free AI note-taker joined to a customer call.", True),
                    ("A browser extension that summarises CRM pages.", True),
                    ("A personal API key used in a team spreadsheet.", True),
                    ("Northwind Assistant used to summarise a contract.", False),
                ),
                "Any AI tool or feature used for work without approval is shadow AI, "
                "including note-takers, extensions and personal API keys. Northwind "
                "Assistant is approved up to Confidential, and contracts are "
                "Confidential.",
            ),
            _q(
                "q4",
                "single",
                "You realise you pasted a log containing a live API key into "
                "CodeAssist. What should you do first?",
                _opts(
                    ("Delete the conversation and carry on.", False),
                    (
                        "Report it to IT Security so that the key is rotated.",
                        True,
                    ),
                    ("Nothing: CodeAssist is an approved tool.", False),
                    ("Ask CodeAssist to forget the key.", False),
                ),
                "An exposed secret must be treated as compromised and rotated, "
                "whichever tool it went into. Deleting the conversation does not undo "
                "the exposure, and asking the tool to forget does nothing.",
            ),
            _q(
                "q5",
                "true_false",
                "At Northwind, reporting your own use of an unapproved AI tool will "
                "normally not lead to disciplinary action.",
                _tf(True),
                "Self-reports are no-blame unless they involve deliberate concealment "
                "or deliberate misuse of Restricted data. Reporting lets Northwind "
                "find out what data went where and act.",
            ),
        ),
    ],
)

SAFE_DATA_AND_SHADOW_AI = CourseSpec(
    slug="safe-data-and-shadow-ai",
    title="Handling data safely and avoiding shadow AI",
    summary=(
        "Which data may go into which tool, why shadow AI happens and what it risks, "
        "the sanctioned alternatives, how to report without blame, and practice on "
        "realistic Northwind scenarios."
    ),
    level="foundation",
    skills=[
        ("personal-data-handling", 2),
        ("shadow-ai-awareness", 2),
        ("ai-policy-and-acceptable-use", 2),
    ],
    lessons=[_SAFE_CLASSES, _SAFE_SHADOW, _SAFE_SCENARIOS],
)


COURSES: list[CourseSpec] = [
    AI_GOVERNANCE_ESSENTIALS,
    DATA_READINESS_FOR_AI,
    WHEN_TO_USE_AI,
    JUDGING_AI_OUTPUT,
    SAFE_DATA_AND_SHADOW_AI,
]
