"""AI product manager courses: use cases, measurement, rollout and operating models."""

from .schema import CourseSpec, LessonSpec

# ---------------------------------------------------------------------------
# Course 1: Choosing AI use cases that reach production
# ---------------------------------------------------------------------------

_SCORING_TABLE = (
    "Northwind Group - use-case scoring, Q2 portfolio review\n"
    "V = value, F = feasibility, D = data, R = risk (5 = best; risk 5 = safest)\n"
    "\n"
    "Use case                      Function   V  F  D  R  Score  Decision\n"
    "----------------------------  ---------  -  -  -  -  -----  ---------------\n"
    "IT ticket routing             IT         3  4  5  5    300  Pilot\n"
    "AP invoice exception triage   Finance    4  4  4  4    256  Pilot\n"
    "Sales call notes into CRM     Sales      3  5  4  3    180  Pilot\n"
    "Customer email reply drafts   Service    4  4  3  3    144  Fix data first\n"
    "Warehouse demand forecast     Ops        5  2  2  4     80  Not now\n"
    "CV shortlisting               HR         3  3  2  1     18  Stop: risk gate\n"
    "\n"
    "Thresholds: 150+ pilot; 100-149 fix the weak dimension first;\n"
    "below 100 not now. Any single score of 1 stops the use case."
)

_KILL_CRITERIA = (
    "Pilot: AP invoice exception triage (Finance)\n"
    "Review points: end of week 2, week 6 and week 10\n"
    "\n"
    "Stop at week 2 if:\n"
    "  - read access to the AP exceptions queue has not been granted\n"
    "  - no named process owner in Finance has signed the brief\n"
    "Stop at week 6 if:\n"
    "  - classification accuracy on the held-out set is below 80%\n"
    "    (production target: 90%)\n"
    "  - fewer than 5 of the 8 pilot clerks use it on most shifts\n"
    "Stop at week 10 if:\n"
    "  - median exception cycle time has not fallen by at least 15%\n"
    "    against the 6-week baseline\n"
    "  - run cost exceeds £0.40 per invoice (saving is ~£1.10)"
)

_BRIEF_TEMPLATE = (
    "USE-CASE BRIEF                          version:      date:\n"
    "\n"
    " 1. Problem        Who does what today, how often, what it costs.\n"
    " 2. Proposal       What the AI will do; what a person still does.\n"
    " 3. Users          Which team, how many people, which system.\n"
    " 4. Value          Expected benefit in £ or hours, working shown.\n"
    " 5. KPIs           2-4 operational KPIs, each with baseline and target.\n"
    " 6. Data           Sources, owner, access status, known quality issues.\n"
    " 7. Risk           Risk tier, main harms, controls, human review step.\n"
    " 8. Scores         V / F / D / R and total.\n"
    " 9. Kill criteria  What stops the pilot, and at which review point.\n"
    "10. People         Sponsor, process owner, product manager, tech lead."
)

_SCORING_LESSON = LessonSpec(
    slug="scoring-use-cases",
    title="Scoring use cases: value, feasibility, data and risk",
    minutes=18,
    summary=(
        "A four-dimension scoring method with written anchors, applied to six "
        "real candidates from Northwind's portfolio review."
    ),
    body=[
        ("heading", "Why good ideas still stall"),
        (
            "rich_text",
            "<p>Most of Northwind's AI pilots that never reached production did not "
            "fail because the model was weak. They stalled because nobody asked, "
            "before work began, whether the data existed in usable form, whether the "
            "process owner wanted the change, or whether the risk team would ever "
            "approve it. A simple scoring method puts those questions first, while "
            "answering them costs a conversation rather than a quarter.</p>"
            "<p>The method scores every candidate from 1 to 5 on four dimensions and "
            "<strong>multiplies</strong> the scores. Multiplying rather than adding is "
            "deliberate: a use case that is brilliant on value but hopeless on data "
            "should not survive because its strengths average out its fatal "
            "weakness.</p>",
        ),
        ("heading", "The four dimensions and their anchors"),
        (
            "rich_text",
            "<p>Scores are only comparable if everyone means the same thing by a 4. "
            "Agree the anchors before the scoring session and print them on the "
            "template.</p>"
            "<ul>"
            "<li><strong>Value</strong>: the annual benefit if it works as intended. "
            "5 = more than £500k a year, or removes a bottleneck on a core process; "
            "3 = £100k to £250k; 1 = under £25k, or a nice-to-have.</li>"
            "<li><strong>Feasibility</strong>: can we build, integrate and run it with "
            "the skills and platforms we have? 5 = a proven pattern on an approved "
            "platform; 3 = new integration work with known technology; 1 = needs "
            "research, a new vendor or changes to a system we cannot change.</li>"
            "<li><strong>Data</strong>: does the data exist, can we get access, and is "
            "it good enough? 5 = available, owned, labelled and profiled; 3 = exists "
            "but needs cleaning or an access agreement; 1 = does not exist, or lives "
            "only in people's heads.</li>"
            "<li><strong>Risk</strong>, scored so that higher is safer: 5 = internal, "
            "low impact, a person reviews every output; 3 = customer-facing but "
            "reversible; 1 = decisions about people's jobs, credit or health, or "
            "regulated outputs with no human in the loop.</li>"
            "</ul>"
            "<p>The maximum is 625. At Northwind, 150 or more earns a pilot, 100 to "
            "149 means fix the weakest dimension first, and anything below 100 goes on "
            "the 'not now' list with a note saying what would change the answer.</p>",
        ),
        (
            "code",
            {
                "language": "text",
                "code": _SCORING_TABLE,
                "caption": "Six candidates scored at Northwind's quarterly review",
            },
        ),
        (
            "rich_text",
            "<p>Three things stand out. First, the most exciting idea in the room, "
            "warehouse demand forecasting, has the highest value but ranks fifth. The "
            "sales history sits in two ERP instances with different product codes, "
            "and nobody on the team has built a forecast that feeds a replenishment "
            "system. That is not 'no'; it is 'not until the product master is "
            "cleaned up', and the portfolio log says exactly that.</p>"
            "<p>Second, customer email drafting scores well on value but loses points "
            "on data, because the knowledge base it would draw on was last reviewed "
            "in 2022 and contradicts the current returns policy in at least four "
            "articles. Fixing that is a two-week job for the service knowledge team, "
            "after which data rises to 4, the total to 192, and it joins the pilot "
            "list.</p>"
            "<p>Third, CV shortlisting is stopped by the risk gate, not by its total. "
            "Automated screening of job applicants is high-risk under the EU AI Act "
            "and under Northwind's own AI policy. A 1 on any dimension stops a use "
            "case until it is redesigned, for example as a tool that helps recruiters "
            "write clearer, fairer job adverts instead.</p>",
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Score as a group, not alone",
                "text": (
                    "<p>Run the scoring as a 60-minute session with the process "
                    "owner, a data owner, an engineer and someone from risk. Each "
                    "person scores silently first; then the group discusses any "
                    "dimension where scores differ by two points or more. The "
                    "disagreements are where the real information is.</p>"
                ),
            },
        ),
        (
            "key_takeaways",
            [
                "Score every candidate on value, feasibility, data and risk, with "
                "written anchors for each level.",
                "Multiply the scores so that one fatal weakness cannot be averaged "
                "away by strengths elsewhere.",
                "Treat a 1 on any dimension, especially risk, as a gate that stops "
                "the use case until it is redesigned.",
                "Record what would change a low score, so that 'not now' does not "
                "quietly become 'never'.",
            ],
        ),
    ],
)

_KILLING_LESSON = LessonSpec(
    slug="killing-pilots-early",
    title="Killing pilots early, and without blame",
    minutes=14,
    summary=(
        "How to agree kill criteria before the build, spot the warning signs of "
        "pilot purgatory and stop a pilot in a way that keeps people proposing ideas."
    ),
    body=[
        ("heading", "The cost of pilots that never end"),
        (
            "rich_text",
            "<p>Northwind's 2023 portfolio review found eleven AI pilots still 'in "
            "progress' after more than six months. Between them they tied up four "
            "engineers, two vendor contracts and a steady stream of steering-group "
            "time, and none had a date for reaching production. This is pilot "
            "purgatory: work that is never quite failing, so it is never stopped.</p>"
            "<p>Stopping a pilot that will not reach production is a success for the "
            "portfolio, not a failure for the team. The money and people it frees go "
            "to the next candidate on the scored list. The skill is to decide early, "
            "on evidence agreed in advance, rather than late, out of exhaustion.</p>",
        ),
        ("heading", "Write the kill criteria before you start"),
        (
            "rich_text",
            "<p>Kill criteria are the conditions under which the pilot stops. They "
            "belong in the use-case brief and are agreed with the sponsor before any "
            "build work. Writing them at the start matters because, six weeks in, "
            "everyone involved has a reason to believe that one more sprint will fix "
            "it. Tie each criterion to a fixed review point so it is checked, not "
            "remembered.</p>",
        ),
        (
            "code",
            {
                "language": "text",
                "code": _KILL_CRITERIA,
                "caption": "Kill criteria agreed with the Finance sponsor before "
                "the build started",
            },
        ),
        (
            "rich_text",
            "<p>Between review points, watch for these warning signs:</p>"
            "<ul>"
            "<li><strong>Nobody in the business is chasing you.</strong> If the "
            "process owner has stopped coming to reviews, the value was never as real "
            "as the score suggested.</li>"
            "<li><strong>Data access has been 'nearly there' for more than four "
            "weeks.</strong> Access problems are rarely technical; they usually mean "
            "the data owner does not support the work.</li>"
            "<li><strong>Accuracy has plateaued below the threshold.</strong> Three "
            "iterations in a row with less than a point of improvement usually means "
            "the data, not the model, is the limit.</li>"
            "<li><strong>Users are working around the tool.</strong> Clerks copying "
            "outputs into a spreadsheet to check them means the workflow is wrong or "
            "trust is missing.</li>"
            "<li><strong>The success measure keeps moving.</strong> A pilot that "
            "changes its target at every review is looking for a reason to "
            "continue.</li>"
            "</ul>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Sunk cost is not evidence",
                "text": (
                    "<p>'We have already spent £80k' is an argument about the past. "
                    "The only question at a review point is whether the next £20k "
                    "is the best use of that money on the list. If an unstarted "
                    "candidate scores higher, the answer is usually no.</p>"
                ),
            },
        ),
        ("heading", "Stopping well"),
        (
            "rich_text",
            "<p>How a pilot is stopped decides whether people will propose the next "
            "one. Northwind's contract clause extraction pilot in Procurement was "
            "stopped at its week-6 review: most legacy contracts were scanned images, "
            "and text-recognition errors held accuracy at 68% against a target of "
            "85%. The team wrote a one-page close-out note covering what was tried, "
            "what was learned and what would make the idea viable: digitising the "
            "2,400 active contracts, which Procurement has since budgeted for. The "
            "reusable parts, a document ingestion pipeline and a labelled test set of "
            "300 clauses, went to the platform team.</p>"
            "<p>Thank the team publicly, record the decision and its evidence, "
            "release the people within a week, and update the portfolio so the "
            "sponsor can see what their budget will fund instead.</p>",
        ),
        (
            "key_takeaways",
            [
                "Pilot purgatory ties up people and money in work that is never "
                "stopped because it is never quite failing.",
                "Agree kill criteria with the sponsor before the build and tie each "
                "one to a fixed review point.",
                "Stalled data access, an absent process owner and a moving success "
                "measure are early warning signs.",
                "Stop pilots openly, keep what is reusable and write down what would "
                "make the idea viable later.",
            ],
        ),
    ],
)

_BRIEF_LESSON = LessonSpec(
    slug="one-page-use-case-brief",
    title="Writing a one-page use-case brief",
    minutes=16,
    summary=(
        "The ten sections of a brief a sponsor can sign, with the Northwind IT "
        "ticket routing brief as a worked example."
    ),
    body=[
        ("heading", "Why one page"),
        (
            "rich_text",
            "<p>A use-case brief is the document a sponsor signs before a pilot "
            "starts. One page is a discipline, not a formatting preference: if the "
            "problem, the measure of success and the reasons to stop cannot fit on a "
            "page, the team does not yet understand the use case well enough to build "
            "it. Longer material, such as data profiles and architecture sketches, is "
            "linked as appendices.</p>",
        ),
        (
            "code",
            {
                "language": "text",
                "code": _BRIEF_TEMPLATE,
                "caption": "Northwind's use-case brief template",
            },
        ),
        ("heading", "A worked example: IT ticket routing"),
        (
            "rich_text",
            "<p>This is an abbreviated version of the brief the Northwind IT service "
            "desk signed for ticket routing, the top-scoring candidate from the "
            "portfolio review.</p>"
            "<ul>"
            "<li><strong>Problem:</strong> about 9,000 tickets a month arrive in one "
            "queue. Two coordinators read and assign each one; 23% are reassigned at "
            "least once, and the median time to reach the right resolver group is 3.5 "
            "working hours.</li>"
            "<li><strong>Proposal:</strong> a classifier suggests the resolver group "
            "and priority. In the pilot, coordinators accept or correct every "
            "suggestion; later, suggestions above a confidence threshold may be "
            "applied automatically.</li>"
            "<li><strong>Value:</strong> about £120k a year: 1.5 coordinator roles "
            "released to resolve simple requests (£65k), plus an estimated 1,100 "
            "staff hours a year no longer lost to misrouted tickets (£55k at a loaded "
            "cost of £50 an hour).</li>"
            "<li><strong>KPIs:</strong> reassignment rate (baseline 23%, target below "
            "12%); time to correct group (baseline 3.5 hours, target below 1 hour); "
            "coordinator acceptance of suggestions (target above 80% by week 8).</li>"
            "<li><strong>Data:</strong> 26 months of closed tickets with their final "
            "resolver group, owned by the IT service manager; access granted; the 4% "
            "of tickets with no category are excluded.</li>"
            "<li><strong>Risk:</strong> tier 1 (low). Internal only, no personal data "
            "beyond requester names, and a coordinator reviews every suggestion "
            "during the pilot.</li>"
            "<li><strong>Kill criteria:</strong> stop at week 6 if accuracy on last "
            "quarter's tickets is below 75%, or if coordinators override more than "
            "40% of suggestions in live use.</li>"
            "</ul>",
        ),
        ("heading", "Common weaknesses"),
        (
            "rich_text",
            "<ul>"
            "<li>Value stated without working, such as 'significant efficiency "
            "gains'. If the sponsor cannot challenge the number, it is not a "
            "number.</li>"
            "<li>KPIs without baselines, which turns section 5 into a wish.</li>"
            "<li>'Data: available' with no named owner and no access date.</li>"
            "<li>No human review step described, so risk cannot be assessed.</li>"
            "<li>Kill criteria missing, or so loose they could never trigger.</li>"
            "</ul>",
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Test the brief on a future user",
                "text": (
                    "<p>Before the sponsor signs, give the brief to someone who was "
                    "not in the room, ideally a person whose team will use the tool. "
                    "If they cannot explain in two sentences what will change in "
                    "their working day, rewrite sections 1 and 2.</p>"
                ),
            },
        ),
        (
            "key_takeaways",
            [
                "A one-page brief forces clarity on problem, value, data, risk and "
                "kill criteria before any build starts.",
                "Show the working behind the value estimate so that it can be "
                "challenged.",
                "Every KPI needs a baseline and a target; every data source needs an "
                "owner and an access status.",
                "Test the brief on a future user before the sponsor signs it.",
            ],
        ),
        (
            "knowledge_check",
            {
                "title": "Check your understanding: choosing use cases",
                "questions": [
                    {
                        "id": "q1",
                        "kind": "single",
                        "prompt": (
                            "Why does the scoring method multiply the four scores "
                            "rather than add them?"
                        ),
                        "options": [
                            {
                                "id": "a",
                                "text": "Bigger numbers are easier to rank.",
                                "correct": False,
                            },
                            {
                                "id": "b",
                                "text": (
                                    "So that a very weak score on one dimension "
                                    "cannot be offset by strong scores elsewhere."
                                ),
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": (
                                    "Because value matters four times as much as "
                                    "the other dimensions."
                                ),
                                "correct": False,
                            },
                            {
                                "id": "d",
                                "text": "So that the risk score becomes optional.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "With multiplication, a 1 or 2 on any dimension pulls the "
                            "total down sharply. Demand forecasting scores 5 on value "
                            "but only 80 overall because feasibility and data are "
                            "both 2; added up, it would have looked respectable."
                        ),
                    },
                    {
                        "id": "q2",
                        "kind": "true_false",
                        "prompt": (
                            "A use case scoring 5 on value, feasibility and data but "
                            "1 on risk can go to pilot because its other scores are "
                            "excellent."
                        ),
                        "options": [
                            {"id": "true", "text": "True", "correct": False},
                            {"id": "false", "text": "False", "correct": True},
                        ],
                        "explanation": (
                            "A 1 on any dimension is a gate: the use case stops until "
                            "it is redesigned. CV shortlisting at Northwind was "
                            "stopped this way, and redesigned as a tool to improve "
                            "job adverts instead."
                        ),
                    },
                    {
                        "id": "q3",
                        "kind": "multiple",
                        "prompt": (
                            "Which of these are warning signs that a pilot is heading "
                            "for purgatory? Select all that apply."
                        ),
                        "options": [
                            {
                                "id": "a",
                                "text": "Data access has been 'nearly there' for "
                                "six weeks.",
                                "correct": True,
                            },
                            {
                                "id": "b",
                                "text": "The process owner has stopped attending "
                                "reviews.",
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": "The success measure has changed at each "
                                "review.",
                                "correct": True,
                            },
                            {
                                "id": "d",
                                "text": "Accuracy improved by six points between "
                                "the last two iterations.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "Stalled access, an absent owner and a moving target all "
                            "signal that the pilot lacks support or evidence. Steady "
                            "accuracy gains are a sign of progress, not of "
                            "purgatory."
                        ),
                    },
                    {
                        "id": "q4",
                        "kind": "single",
                        "prompt": (
                            "Which of these is a properly stated KPI for a use-case "
                            "brief?"
                        ),
                        "options": [
                            {
                                "id": "a",
                                "text": "Improve the ticket experience for staff.",
                                "correct": False,
                            },
                            {
                                "id": "b",
                                "text": "Reassignment rate: baseline 23%, target "
                                "below 12%.",
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": "Use AI on 100% of tickets.",
                                "correct": False,
                            },
                            {
                                "id": "d",
                                "text": "Coordinators like the new tool.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "A KPI needs a defined measure, a baseline and a target. "
                            "The others are aspirations or usage goals that cannot "
                            "show whether the work got better."
                        ),
                    },
                    {
                        "id": "q5",
                        "kind": "true_false",
                        "prompt": (
                            "Stopping a pilot at its week-6 review because it missed "
                            "its agreed accuracy threshold is a good outcome for the "
                            "portfolio."
                        ),
                        "options": [
                            {"id": "true", "text": "True", "correct": True},
                            {"id": "false", "text": "False", "correct": False},
                        ],
                        "explanation": (
                            "Stopping on agreed evidence frees people and budget for "
                            "the next candidate. The failure would be continuing for "
                            "months in the hope that one more sprint fixes it."
                        ),
                    },
                ],
            },
        ),
    ],
)

# ---------------------------------------------------------------------------
# Course 2: Measuring AI: KPIs defined before deployment
# ---------------------------------------------------------------------------

_KPI_DEFINITION = (
    "kpi: exception_cycle_time\n"
    "description: Time an AP exception waits from creation to resolution\n"
    "start_event: exception_created    # ERP workflow log, table AP_EXC_HIST\n"
    "end_event: exception_resolved     # status RESOLVED or REJECTED\n"
    "unit: working_hours               # Mon-Fri 08:00-18:00, excl. bank holidays\n"
    "exclude:\n"
    "  - exceptions on hold awaiting a supplier response\n"
    "  - test vendors (vendor_id starting TST)\n"
    "report: [median, p90]\n"
    "baseline_window: 2024-02-05 to 2024-03-15   # 6 weeks, 4,870 exceptions\n"
    "baseline: {median: 14.5, p90: 61.0}\n"
    "target: {median: 9.0, p90: 40.0}\n"
    "guard_metric: duplicate_or_incorrect_payments   # must not rise\n"
    "owner: AP operations lead"
)

_SAMPLE_SIZES = (
    "Rates (error rate, reopen rate): cases needed in EACH group\n"
    "  10% -> 5%    about    430\n"
    "  10% -> 7%    about  1,350\n"
    "  10% -> 9%    about 13,500\n"
    "\n"
    "Averages (cycle time, handle time): cases per group\n"
    "  = 16 x (spread / change you want to detect)^2\n"
    "  e.g. spread (standard deviation) 2.5 days, change 0.5 day:\n"
    "  16 x (2.5 / 0.5)^2 = 16 x 25 = 400 per group"
)

_RESULTS_SUMMARY = (
    "Customer email reply drafting - pilot results (8 weeks)\n"
    "Design:     staggered rollout; 42 agents with the tool, 40 without,\n"
    "            same weeks. Analysis plan agreed 3 June.\n"
    "\n"
    "Primary     handle time per email: -18% vs comparison\n"
    "            (likely range -11% to -24%)\n"
    "Guards      reopened cases   7.9% vs 8.3%   no meaningful difference\n"
    "            CSAT (1-5)       4.2 vs 4.2     unchanged\n"
    "            policy errors    2.1% vs 1.9%   no meaningful difference\n"
    "Adoption    71% of eligible emails in weeks 5-8 (weeks 1-2: 88%)\n"
    "            Returns team 41%: drafts often cite the old policy\n"
    "Cost        £3,900/month incl. licences, inference, review time\n"
    "Value       ~1,150 agent hours/month freed; no headcount change;\n"
    "            hours go to the backlog of chat enquiries\n"
    "Not measured  effect on new starters (none joined during pilot)\n"
    "Recommend   scale to all teams except Returns; fix Returns\n"
    "            knowledge articles and re-test there in Q4"
)

_KPI_LESSON = LessonSpec(
    slug="operational-kpis-and-baselines",
    title="Operational KPIs, and why the baseline comes first",
    minutes=16,
    summary=(
        "Cycle time, error rate, throughput and adoption: how to define them "
        "precisely and why they must be baselined before deployment."
    ),
    body=[
        ("heading", "Measure the work, not just the model"),
        (
            "rich_text",
            "<p>Model metrics such as accuracy tell you whether the model is good at "
            "its task. They do not tell you whether the business became faster, "
            "cheaper or better. For that you need <strong>operational KPIs</strong>: "
            "measures of the process the AI is meant to change. Four cover most use "
            "cases at Northwind.</p>"
            "<ul>"
            "<li><strong>Cycle time</strong>: elapsed time from the start of a unit "
            "of work to its end, such as invoice received to invoice approved. Report "
            "the median and the 90th percentile; averages hide the long tail that "
            "customers and suppliers complain about.</li>"
            "<li><strong>Error rate</strong>: the share of completed work that is "
            "wrong, found by a defined check such as a quality sample, a reopened "
            "ticket or a credit note. Decide in advance what counts as an error.</li>"
            "<li><strong>Throughput</strong>: completed units per person or per day. "
            "Useful when the goal is to absorb growth without hiring; misleading on "
            "its own if quality falls.</li>"
            "<li><strong>Adoption</strong>: the share of eligible work where the tool "
            "was actually used, and ideally where its output was accepted. Without "
            "adoption, nothing else moves.</li>"
            "</ul>",
        ),
        ("heading", "Define each KPI precisely"),
        (
            "rich_text",
            "<p>'Cycle time' can be measured a dozen ways. Write a definition that two "
            "analysts would compute identically: the start and end events, the system "
            "they come from, the exclusions, the unit and the statistic. The "
            "definition below comes from Northwind's accounts payable (AP) exception "
            "triage pilot.</p>",
        ),
        (
            "code",
            {
                "language": "yaml",
                "code": _KPI_DEFINITION,
                "caption": "A KPI definition precise enough to compute the same way "
                "twice",
            },
        ),
        ("heading", "Why the baseline comes before deployment"),
        (
            "rich_text",
            "<p>The baseline is the KPI measured on the current process, over a "
            "representative period, before the AI is introduced. It must come first, "
            "for four reasons.</p>"
            "<ol>"
            "<li><strong>Memory is not data.</strong> Asked how long exceptions took, "
            "the AP team guessed anything from 'a day' to 'a week'. The logs showed a "
            "median of 14.5 working hours and a p90 of 61. A baseline reconstructed "
            "after launch will drift towards whatever makes the story work.</li>"
            "<li><strong>Deployment changes the process.</strong> Rollouts bring "
            "training, attention and often a cleaned-up queue. Once that happens, the "
            "old process can no longer be measured.</li>"
            "<li><strong>Seasonality.</strong> AP volumes at Northwind rise by about "
            "40% in the last week of each month. A baseline needs at least one full "
            "cycle, ideally six weeks, so that the comparison is like for like.</li>"
            "<li><strong>The data may not exist.</strong> Measuring the baseline is "
            "how you discover that the system does not log the event you need. Better "
            "to find out six weeks before launch than at the results meeting.</li>"
            "</ol>"
            "<p>Pair every target KPI with at least one <strong>guard metric</strong> "
            "that must not get worse. For faster exception handling, the guard is "
            "duplicate or incorrect payments: a quicker process that pays the wrong "
            "supplier is not an improvement.</p>",
        ),
        (
            "callout",
            {
                "kind": "policy",
                "title": "No baseline, no claim",
                "text": (
                    "<p>Northwind's AI portfolio board does not accept an impact "
                    "claim for a KPI with no baseline recorded before go-live. If the "
                    "baseline is missing, the honest report says 'not measured' and "
                    "proposes how to measure it in the next phase.</p>"
                ),
            },
        ),
        (
            "key_takeaways",
            [
                "Operational KPIs measure the process the AI changes; model accuracy "
                "alone does not show business impact.",
                "Define each KPI precisely: start and end events, source system, "
                "exclusions, unit and statistic.",
                "Record the baseline over a representative period, ideally six weeks, "
                "before deployment.",
                "Pair every target KPI with a guard metric that must not get worse.",
            ],
        ),
    ],
)

_DESIGN_LESSON = LessonSpec(
    slug="designing-the-measurement",
    title="Designing the measurement: comparisons and sample sizes",
    minutes=18,
    summary=(
        "Control groups, staggered rollouts and sample sizes explained in plain "
        "words, with the traps that spoil otherwise good pilots."
    ),
    body=[
        ("heading", "Before-and-after is not enough"),
        (
            "rich_text",
            "<p>Comparing the month after launch with the month before is tempting and "
            "usually misleading. Anything else that changed in between, such as new "
            "starters, a quieter season, a price change or a system upgrade, is mixed "
            "into the result. To know what the AI did, you need a comparison group "
            "doing the same work, at the same time, without it.</p>",
        ),
        ("heading", "Choosing a comparison"),
        (
            "rich_text",
            "<ul>"
            "<li><strong>Randomised by case.</strong> Each incoming item is randomly "
            "assigned to 'with AI' or 'without'. This is the strongest design, and "
            "practical when the same people handle both, for example IT tickets where "
            "half the suggestions are hidden.</li>"
            "<li><strong>Randomised by team or site.</strong> Whole teams are "
            "assigned. Use this when people would share the tool or its outputs "
            "across cases. You need more teams than you think: with two teams a side, "
            "one strong manager can decide the result.</li>"
            "<li><strong>Staggered rollout.</strong> Every team gets the tool, in "
            "waves a few weeks apart, and teams still waiting act as the comparison. "
            "This fits a phased rollout naturally and avoids withholding a useful "
            "tool indefinitely.</li>"
            "<li><strong>Matched comparison.</strong> When none of the above is "
            "possible, compare the change in the pilot team with the change in a "
            "similar team over the same period. Weaker, but far better than "
            "before-and-after alone.</li>"
            "</ul>",
        ),
        ("heading", "Sample size in plain words"),
        (
            "rich_text",
            "<p>How many cases you need depends on two things: how noisy the measure "
            "is, and how small an improvement you want to be able to see. Small "
            "improvements in noisy measures need a lot of data; large improvements in "
            "steady measures need little. Skip this step and a real improvement can "
            "vanish into the noise, or a lucky fortnight can look like a "
            "breakthrough.</p>"
            "<p>The rules of thumb below assume the usual conventions: an 80% chance "
            "of detecting a real effect and a 5% risk of a false alarm.</p>",
        ),
        (
            "code",
            {
                "language": "text",
                "code": _SAMPLE_SIZES,
                "caption": "Rough planning figures; ask an analyst to confirm the "
                "final design",
            },
        ),
        (
            "rich_text",
            "<p>Use the figures for planning. Northwind's customer service team "
            "handles about 2,200 emails a week, so a pilot with half of them assisted "
            "could detect a fall in reopened cases from 10% to 7% in under two weeks. "
            "The HR policy assistant sees about 150 queries a week: it would need six "
            "weeks just to detect a halving of its error rate, and could never detect "
            "a modest improvement within a quarter. Its pilot was therefore judged on "
            "adoption and reviewer ratings, and the team said so before it "
            "started.</p>"
            "<p>Four traps spoil otherwise good designs:</p>"
            "<ul>"
            "<li><strong>Novelty effect.</strong> Use and results often peak in the "
            "first fortnight, then settle. Measure for at least six weeks and report "
            "the later weeks separately.</li>"
            "<li><strong>Contamination.</strong> Comparison-group staff borrow the "
            "tool or copy drafts from colleagues. Check the access logs.</li>"
            "<li><strong>Hand-picked teams.</strong> The keenest team would have "
            "improved anyway. Choose teams before you know who is keen, or "
            "randomise.</li>"
            "<li><strong>Peeking.</strong> Checking daily and stopping when results "
            "look good inflates false positives. Fix the end date in advance.</li>"
            "</ul>",
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Write the analysis plan first",
                "text": (
                    "<p>Before go-live, write half a page: the primary KPI, the "
                    "guard metrics, the comparison, the sample size, the end date and "
                    "how the results will be calculated. Send it to the sponsor and "
                    "the analyst. It takes an hour and removes any later suspicion "
                    "that the numbers were chosen to fit the story.</p>"
                ),
            },
        ),
        (
            "key_takeaways",
            [
                "Compare against a group doing the same work at the same time "
                "without the AI; before-and-after alone mixes in every other change.",
                "Staggered rollouts provide a comparison group without withholding "
                "the tool indefinitely.",
                "Small effects on noisy measures need many cases, so estimate the "
                "sample size before the pilot, not after.",
                "Fix the analysis plan and end date in advance, and watch for "
                "novelty effects and contamination.",
            ],
        ),
    ],
)

_REPORTING_LESSON = LessonSpec(
    slug="reporting-results-honestly",
    title="Reporting results honestly",
    minutes=15,
    summary=(
        "Seven habits of a results report a sponsor can trust, shown on the "
        "customer email drafting pilot."
    ),
    body=[
        ("heading", "The report is a decision document"),
        (
            "rich_text",
            "<p>A pilot results report exists to support one decision: scale, adjust "
            "or stop. Its readers are a sponsor, a finance partner and often a risk "
            "lead, none of whom has time to audit the analysis. That puts a duty on "
            "the author to present the evidence as it is, including the disappointing "
            "parts. Oversold reports do lasting damage: the scale-up underdelivers, "
            "and the portfolio board stops trusting every report that follows.</p>",
        ),
        ("heading", "Seven habits of an honest report"),
        (
            "rich_text",
            "<ol>"
            "<li><strong>Lead with the primary KPI you committed to</strong> in the "
            "analysis plan, even if another measure looks better.</li>"
            "<li><strong>Give ranges, not just single figures.</strong> 'Handle time "
            "fell 18%, likely between 11% and 24%' tells the reader how firm the "
            "number is.</li>"
            "<li><strong>Report the guard metrics</strong>, and say plainly if one "
            "got worse.</li>"
            "<li><strong>Separate time saved from money saved.</strong> Freed hours "
            "only become savings if work is removed, vacancies are left unfilled or "
            "the time is redeployed to something valuable. Say which.</li>"
            "<li><strong>Include the full cost</strong>: licences, inference, "
            "engineering time, review effort and training, not just the vendor "
            "invoice.</li>"
            "<li><strong>Show adoption by week and by team.</strong> An average of "
            "70% can hide one team at 95% and another at 20%.</li>"
            "<li><strong>State what you did not measure</strong> and what might have "
            "biased the result.</li>"
            "</ol>",
        ),
        ("heading", "A worked example"),
        (
            "code",
            {
                "language": "text",
                "code": _RESULTS_SUMMARY,
                "caption": "Summary page of the customer email drafting pilot report",
            },
        ),
        (
            "rich_text",
            "<p>Notice what the report does not claim. It does not convert the 1,150 "
            "hours into a '£46,000 a month saving', because no cost leaves the "
            "business. It shows that adoption fell after the novelty weeks, and it "
            "names the team where the tool is not working and why. Each of those "
            "would have been easy to leave out; each is exactly what the sponsor "
            "needs to make a good decision. The recommendation follows from the "
            "evidence: scale where it works, fix the known cause where it does not, "
            "and test again.</p>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Beware of 'up to'",
                "text": (
                    "<p>'Saves up to 40% of handling time' usually describes one "
                    "agent on one good day. Replace 'up to' figures with the median "
                    "and a range for the whole group, or leave them out.</p>"
                ),
            },
        ),
        (
            "key_takeaways",
            [
                "A results report supports a decision, so present the evidence as it "
                "is, including what disappointed.",
                "Lead with the primary KPI from the analysis plan and give a range, "
                "not a single number.",
                "Report guard metrics, full costs and adoption by team and by week.",
                "Do not turn freed hours into cash savings unless cost actually "
                "leaves the business.",
            ],
        ),
        (
            "knowledge_check",
            {
                "title": "Check your understanding: measuring AI impact",
                "questions": [
                    {
                        "id": "q1",
                        "kind": "single",
                        "prompt": "Why must the baseline be recorded before "
                        "deployment?",
                        "options": [
                            {
                                "id": "a",
                                "text": "The model needs it as training data.",
                                "correct": False,
                            },
                            {
                                "id": "b",
                                "text": (
                                    "Once the process changes, the old process can "
                                    "no longer be measured, and recollection is "
                                    "unreliable."
                                ),
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": "Regulators require a baseline for every "
                                "AI system.",
                                "correct": False,
                            },
                            {
                                "id": "d",
                                "text": "It does not matter; a baseline can be "
                                "reconstructed afterwards.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "Deployment brings training, attention and process "
                            "changes, so the 'before' state disappears. The AP team's "
                            "guesses ranged from a day to a week; the logs said 14.5 "
                            "working hours."
                        ),
                    },
                    {
                        "id": "q2",
                        "kind": "multiple",
                        "prompt": (
                            "Which of these are operational KPIs rather than model "
                            "metrics? Select all that apply."
                        ),
                        "options": [
                            {
                                "id": "a",
                                "text": "Median invoice exception cycle time.",
                                "correct": True,
                            },
                            {
                                "id": "b",
                                "text": "The model's accuracy on a held-out test set.",
                                "correct": False,
                            },
                            {
                                "id": "c",
                                "text": "Error rate found in a weekly quality "
                                "sample of completed work.",
                                "correct": True,
                            },
                            {
                                "id": "d",
                                "text": "Share of eligible cases where the tool "
                                "was used.",
                                "correct": True,
                            },
                        ],
                        "explanation": (
                            "Cycle time, error rate in completed work and adoption "
                            "all describe the business process. Test-set accuracy "
                            "describes the model and says nothing on its own about "
                            "whether the work improved."
                        ),
                    },
                    {
                        "id": "q3",
                        "kind": "true_false",
                        "prompt": (
                            "A team's handle time fell 20% in the month after launch "
                            "compared with the month before. This alone shows that "
                            "the AI caused the improvement."
                        ),
                        "options": [
                            {"id": "true", "text": "True", "correct": False},
                            {"id": "false", "text": "False", "correct": True},
                        ],
                        "explanation": (
                            "Seasonality, staffing, novelty and other changes are "
                            "mixed into a simple before-and-after comparison. A "
                            "comparison group working at the same time is needed to "
                            "separate the AI's effect."
                        ),
                    },
                    {
                        "id": "q4",
                        "kind": "single",
                        "prompt": (
                            "Northwind's HR policy assistant handles about 150 "
                            "queries a week. What is the most sensible measurement "
                            "approach?"
                        ),
                        "options": [
                            {
                                "id": "a",
                                "text": "Look for a small drop in error rate over "
                                "four weeks.",
                                "correct": False,
                            },
                            {
                                "id": "b",
                                "text": (
                                    "Accept that a modest effect cannot be detected "
                                    "at this volume, judge the pilot on adoption "
                                    "and reviewer ratings, and say so up front."
                                ),
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": "Check results daily and stop as soon as "
                                "they look significant.",
                                "correct": False,
                            },
                            {
                                "id": "d",
                                "text": "Skip measurement, since the volume is small.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "At about 75 queries per group per week, only a dramatic "
                            "change is detectable. Being explicit about that, and "
                            "choosing measures that fit the volume, is honest; "
                            "peeking inflates false positives."
                        ),
                    },
                    {
                        "id": "q5",
                        "kind": "single",
                        "prompt": (
                            "The email drafting pilot freed about 1,150 agent hours "
                            "a month, with no change in headcount. How should the "
                            "report present this?"
                        ),
                        "options": [
                            {
                                "id": "a",
                                "text": "As a £46,000 a month saving.",
                                "correct": False,
                            },
                            {
                                "id": "b",
                                "text": (
                                    "As hours freed, stating where they will be "
                                    "redeployed and that no cost leaves the "
                                    "business."
                                ),
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": "Leave it out because it is not cash.",
                                "correct": False,
                            },
                            {
                                "id": "d",
                                "text": "As 'saves up to 40% of agent time'.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "Freed time is real value but only becomes a saving if "
                            "cost actually falls. Stating the redeployment lets the "
                            "sponsor judge the value without being misled."
                        ),
                    },
                ],
            },
        ),
    ],
)

# ---------------------------------------------------------------------------
# Course 3: Phased rollout: from sandbox to scale
# ---------------------------------------------------------------------------

_ROLLOUT_PLAN = (
    "use_case: it-ticket-routing\n"
    "phases:\n"
    "  - name: sandbox\n"
    "    scope: shadow mode on the live queue; suggestions hidden\n"
    "    duration_weeks: 3\n"
    "    exit_criteria:\n"
    "      - top-1 resolver group accuracy >= 80% on 2,000 shadow tickets\n"
    "      - p95 suggestion latency < 2 s\n"
    "      - no personal data written to model logs (security review)\n"
    "      - rollback to the manual queue tested end to end\n"
    "  - name: small_group\n"
    "    scope: UK queue only (~3,600 tickets/month); every suggestion reviewed\n"
    "    duration_weeks: 6\n"
    "    exit_criteria:\n"
    "      - reassignment rate < 15% (baseline 23%)\n"
    "      - coordinators accept >= 75% of suggestions in weeks 4-6\n"
    "      - no priority-1 ticket misrouted for more than 30 minutes\n"
    "  - name: expand\n"
    "    waves: [Poland queue, HR and finance queues, all remaining]\n"
    "    wave_gap_weeks: 3\n"
    "    exit_criteria_per_wave:\n"
    "      - reassignment rate < 12% within 3 weeks of wave start\n"
    "      - auto-assign only above 0.9 confidence; 5% weekly sample checked"
)

_BEFORE_AFTER = (
    "AP exception handling at Northwind - before and after\n"
    "\n"
    "BEFORE                               AFTER\n"
    "1 Clerk opens next exception         1 AI classifies the exception and\n"
    "2 Clerk reads invoice, PO, receipt     drafts reason code, fix and email\n"
    "3 Clerk decides reason code          2 Clerk reviews, accepts or edits\n"
    "4 Clerk writes email to buyer        3 Clerk sends the pre-drafted email\n"
    "5 Clerk records outcome in ERP       4 Outcome and any edits logged in ERP\n"
    "\n"
    "Old steps 2-4 are removed, not duplicated. Median handling effort\n"
    "per exception: 11 minutes before, 5 minutes in the pilot."
)

_ROLLBACK_TRIGGERS = (
    "Customer email drafting - rollback triggers (any one is enough)\n"
    "  - a draft contains another customer's personal data\n"
    "  - policy errors in the daily QA sample above 5% for 2 days running\n"
    "  - model provider outage longer than 30 minutes in opening hours\n"
    "  - the service owner or on-call AI lead judges that harm is occurring\n"
    "\n"
    "Authority:  service operations manager (deputy: team leader on shift)\n"
    "Mechanism:  disable the 'draft_assist' flag in the service console\n"
    "Work in flight: unsent drafts discarded; agents reply manually\n"
    "Last drill: 12 September - 4 minutes from decision to disabled"
)

_PHASES_LESSON = LessonSpec(
    slug="phases-and-exit-criteria",
    title="Sandbox, small group, expand: exit criteria for each phase",
    minutes=18,
    summary=(
        "What each rollout phase is for, typical exit criteria, and the complete "
        "phase plan for Northwind's IT ticket routing."
    ),
    body=[
        ("heading", "Why roll out in phases"),
        (
            "rich_text",
            "<p>A phased rollout limits how much can go wrong at once while you learn "
            "how the system behaves with real work and real people. Each phase "
            "answers a different question, and each has <strong>exit "
            "criteria</strong>: measurable conditions that must be met before moving "
            "on. Without exit criteria, phases become a calendar, and a calendar "
            "always says 'go'.</p>",
        ),
        ("heading", "The three phases"),
        (
            "rich_text",
            "<p><strong>Phase 1: sandbox.</strong> Does it work on our data, safely, "
            "without anyone depending on it? The system runs on historical data, or "
            "in shadow mode on live data, producing outputs that nobody sees or acts "
            "on. Engineers and a few expert users compare outputs with what actually "
            "happened. Nothing reaches a customer, a supplier or a ledger. Typically "
            "two to six weeks. Typical exit criteria: accuracy on a held-out set "
            "above threshold, no critical failures in a red-team session, latency and "
            "cost per transaction within budget, security review passed, rollback "
            "tested.</p>"
            "<p><strong>Phase 2: small real group.</strong> Does it work in the real "
            "workflow, and will people use it? One team, usually 10 to 30 people, "
            "uses the system on live work, and a person reviews every output before "
            "it takes effect. The product manager stays close: weekly feedback "
            "sessions, a visible issues log and quick fixes. The comparison group for "
            "measurement is set up here. Typically six to ten weeks. Typical exit "
            "criteria: primary KPI improved against the comparison, guard metrics "
            "stable, adoption on target after the novelty weeks, no open severity-1 "
            "incidents, runbook and support model in place.</p>"
            "<p><strong>Phase 3: expand.</strong> Does it hold up at scale, with less "
            "hand-holding? Rollout proceeds in waves by team or site, a few weeks "
            "apart, each with its own check. Review moves from every output to a "
            "risk-based sample only when the evidence supports it, and support "
            "passes from the project team to the normal service desk and operations "
            "teams.</p>",
        ),
        ("heading", "A worked plan: IT ticket routing"),
        (
            "code",
            {
                "language": "yaml",
                "code": _ROLLOUT_PLAN,
                "caption": "Phase plan signed off with the IT service manager",
            },
        ),
        (
            "rich_text",
            "<p>Notice three things about this plan. The exit criteria are numbers "
            "checked from logs, not opinions. The criteria tighten as exposure grows: "
            "the sandbox accepts 80% accuracy because nobody is affected, while "
            "automatic assignment in the expand phase is allowed only above a high "
            "confidence threshold, with a weekly sample checked. And the plan "
            "includes a safety criterion, misrouted priority-1 tickets, that looks at "
            "the worst cases rather than the average, because a model can be right "
            "nine times in ten and still fail on the tickets that matter most.</p>",
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Shadow mode is cheap insurance",
                "text": (
                    "<p>Running silently on live data for two or three weeks catches "
                    "problems that historical data hides: new ticket categories, "
                    "different wording after a system change and Monday-morning "
                    "volume spikes. It costs little, because nobody's work depends "
                    "on it yet.</p>"
                ),
            },
        ),
        (
            "key_takeaways",
            [
                "Each phase answers a different question: does it work, will people "
                "use it, does it hold up at scale.",
                "Exit criteria must be measurable and agreed before the phase "
                "starts; a date is not an exit criterion.",
                "Reviewing every output in the small-group phase gives way to "
                "sampling only when the evidence supports it.",
                "Include at least one safety criterion that looks at the worst "
                "cases, not just the average.",
            ],
        ),
    ],
)

_WORKFLOW_LESSON = LessonSpec(
    slug="redesigning-the-workflow",
    title="Redesigning the workflow and leading the change",
    minutes=17,
    summary=(
        "Designing AI into the work rather than bolting it on, and the change "
        "management that turns a working tool into a used one."
    ),
    body=[
        ("heading", "Bolted-on tools get ignored"),
        (
            "rich_text",
            "<p>The most common reason a technically sound AI tool fails in the "
            "small-group phase is that it was added to the existing workflow rather "
            "than designed into it. The first version of Northwind's customer email "
            "drafting opened in a separate browser tab: agents copied the customer's "
            "email across, waited, then copied the draft back. In week three, it was "
            "used on 19% of eligible emails. When the draft appeared directly in the "
            "ticket reply pane, pre-filled and editable, use rose to 74% within a "
            "fortnight, with exactly the same model.</p>",
        ),
        ("heading", "Map the work before and after"),
        (
            "rich_text",
            "<p>Draw the current process step by step with the people who do it, "
            "then draw the future process. For each step in the new process, "
            "answer:</p>"
            "<ul>"
            "<li>Who or what does this step: a person, the AI, or the AI with a "
            "person checking?</li>"
            "<li>Where does the person see the AI output, and in which system?</li>"
            "<li>What does the person do when the output is wrong: edit, reject or "
            "escalate? How long does that take?</li>"
            "<li>Which old step disappears? If none does, the new step is pure extra "
            "work.</li>"
            "<li>What is recorded, so that KPIs and audit trails still work?</li>"
            "</ul>",
        ),
        (
            "code",
            {
                "language": "text",
                "code": _BEFORE_AFTER,
                "caption": "Process map agreed with the AP clerks in the pilot team",
            },
        ),
        ("heading", "Leading the change"),
        (
            "rich_text",
            "<p>People adopt a tool when it helps them and when they trust it. Both "
            "have to be earned.</p>"
            "<ul>"
            "<li><strong>Be straight about jobs.</strong> If the aim is to absorb "
            "growth without hiring, say so. If roles will change, say how and when. "
            "Vague reassurance is heard as a threat.</li>"
            "<li><strong>Recruit champions from the team.</strong> One or two "
            "respected practitioners per team who tried the tool first can answer "
            "'does it really work?' more credibly than any project manager.</li>"
            "<li><strong>Train the judgement, not the buttons.</strong> Spend most "
            "training time on recognising wrong output and what to do about it.</li>"
            "<li><strong>Make feedback one click.</strong> A thumbs-down with an "
            "optional reason, reviewed weekly, with fixes announced, shows people "
            "that their input counts.</li>"
            "<li><strong>Update the procedure documents.</strong> If the official "
            "procedure still describes the old way, auditors and new starters will "
            "follow it.</li>"
            "</ul>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Watch for review fatigue",
                "text": (
                    "<p>When an AI is right 95% of the time, reviewers start "
                    "approving without reading. Counter it by tracking edit rates "
                    "per reviewer, occasionally inserting known test cases and "
                    "keeping review volumes per person realistic. A review step "
                    "that nobody really performs is worse than none, because it "
                    "gives false assurance.</p>"
                ),
            },
        ),
        (
            "key_takeaways",
            [
                "Design the AI into the tools people already use; a separate tab or "
                "extra copy-and-paste kills adoption.",
                "Map the process before and after, and remove the old steps the AI "
                "replaces.",
                "Be honest about what the change means for roles, and use respected "
                "team members as champions.",
                "Train people to spot wrong output, and guard against reviewers "
                "approving without reading.",
            ],
        ),
    ],
)

_ROLLBACK_LESSON = LessonSpec(
    slug="rollback-and-go-no-go",
    title="Rollback plans and go/no-go reviews",
    minutes=16,
    summary=(
        "Tested rollback, named authority to pull the switch, and go/no-go reviews "
        "that decide on evidence rather than momentum."
    ),
    body=[
        ("heading", "Plan the way back before you go forward"),
        (
            "rich_text",
            "<p>Every phase needs a rollback plan that has been tested, not just "
            "written. Rollback means returning quickly to a known safe state: usually "
            "the previous manual process, sometimes the previous model version. The "
            "plan answers four questions.</p>"
            "<ol>"
            "<li><strong>How do we switch it off?</strong> A feature flag or "
            "configuration switch that one named person can flip in minutes, without "
            "a code release.</li>"
            "<li><strong>What happens to work in flight?</strong> Items the AI has "
            "touched that nobody has finished: are they re-queued, reviewed or left "
            "as they are?</li>"
            "<li><strong>Can people still do the work without it?</strong> After "
            "months of assistance, a team may have lost the habit, or the headcount, "
            "to work manually. Keep the manual procedure current and check "
            "capacity.</li>"
            "<li><strong>Who decides?</strong> Name the person with authority to roll "
            "back, and a deputy, for every hour the system runs. When in doubt, roll "
            "back and investigate.</li>"
            "</ol>",
        ),
        (
            "code",
            {
                "language": "text",
                "code": _ROLLBACK_TRIGGERS,
                "caption": "Rollback card pinned in the customer service team channel",
            },
        ),
        ("heading", "Running a go/no-go review"),
        (
            "rich_text",
            "<p>A go/no-go review is held at the end of each phase, before moving "
            "on. It is short, usually 45 minutes, and decides on evidence circulated "
            "two working days beforehand. Attendees: the sponsor, who decides; the "
            "product manager, who presents; the process owner; the technical lead; a "
            "risk or compliance partner; and the support lead who will inherit the "
            "system.</p>"
            "<p>The evidence pack contains the exit criteria with actual values "
            "against each, the incident log, the adoption trend by team and week, "
            "cost to date against plan, and open risks. Each criterion is marked "
            "met, partly met or not met. Nobody redefines a criterion in the "
            "meeting.</p>"
            "<p>There are four possible outcomes, and all of them are "
            "legitimate:</p>"
            "<ul>"
            "<li><strong>Go</strong>: all criteria met; proceed on the planned "
            "date.</li>"
            "<li><strong>Go with conditions</strong>: minor gaps, each with a named "
            "owner and a date, such as 'runbook signed off by support within two "
            "weeks'.</li>"
            "<li><strong>Extend</strong>: the phase continues for a fixed period to "
            "collect missing evidence, with a new review date.</li>"
            "<li><strong>Stop or roll back</strong>: a criterion critical to safety "
            "or value has failed and cannot be fixed within the phase.</li>"
            "</ul>",
        ),
        (
            "callout",
            {
                "kind": "policy",
                "title": "Northwind rollout rule",
                "text": (
                    "<p>Under Northwind's AI policy, no AI system may be extended "
                    "to a wider group without a recorded go/no-go decision, a tested "
                    "rollback and a named rollback owner. The decision and its "
                    "evidence are filed in the AI Register within five working "
                    "days.</p>"
                ),
            },
        ),
        (
            "key_takeaways",
            [
                "Test the rollback before each phase: a quick switch, a plan for "
                "work in flight and a team able to work without the tool.",
                "Name who can roll back, with a deputy; when in doubt, roll back and "
                "investigate.",
                "Go/no-go reviews judge circulated evidence against exit criteria "
                "agreed in advance.",
                "Go, go with conditions, extend and stop are all legitimate outcomes.",
            ],
        ),
        (
            "knowledge_check",
            {
                "title": "Check your understanding: phased rollout",
                "questions": [
                    {
                        "id": "q1",
                        "kind": "single",
                        "prompt": "Which question is the sandbox phase mainly "
                        "designed to answer?",
                        "options": [
                            {
                                "id": "a",
                                "text": "Will people use it in their real workflow?",
                                "correct": False,
                            },
                            {
                                "id": "b",
                                "text": "Does it work on our data, safely, without "
                                "anyone depending on it?",
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": "Does it hold up at scale across sites?",
                                "correct": False,
                            },
                            {
                                "id": "d",
                                "text": "Is the sponsor ready to fund the full "
                                "rollout?",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "The sandbox uses historical data or shadow mode, so "
                            "nobody's work depends on it. Adoption is tested with a "
                            "small real group, and scale in the expand phase."
                        ),
                    },
                    {
                        "id": "q2",
                        "kind": "multiple",
                        "prompt": (
                            "Which of these are good exit criteria for the "
                            "small-group phase? Select all that apply."
                        ),
                        "options": [
                            {
                                "id": "a",
                                "text": "Reassignment rate below 15%, against a "
                                "baseline of 23%.",
                                "correct": True,
                            },
                            {
                                "id": "b",
                                "text": "Six weeks have passed.",
                                "correct": False,
                            },
                            {
                                "id": "c",
                                "text": "No priority-1 ticket misrouted for more "
                                "than 30 minutes.",
                                "correct": True,
                            },
                            {
                                "id": "d",
                                "text": "The team seems positive about the tool.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "Good exit criteria are measurable and checked from "
                            "data, including at least one worst-case safety "
                            "criterion. Elapsed time and general impressions are "
                            "not evidence that the phase succeeded."
                        ),
                    },
                    {
                        "id": "q3",
                        "kind": "true_false",
                        "prompt": (
                            "If reviewers accept 95% of AI outputs unchanged, that "
                            "proves they are checking the outputs carefully."
                        ),
                        "options": [
                            {"id": "true", "text": "True", "correct": False},
                            {"id": "false", "text": "False", "correct": True},
                        ],
                        "explanation": (
                            "High acceptance can equally mean review fatigue: "
                            "approving without reading. Track edit rates per "
                            "reviewer and insert known test cases to check that "
                            "review is real."
                        ),
                    },
                    {
                        "id": "q4",
                        "kind": "single",
                        "prompt": (
                            "During the pilot, a drafted email contains another "
                            "customer's order details. The team leader on shift "
                            "cannot reach the service operations manager. What "
                            "should happen?"
                        ),
                        "options": [
                            {
                                "id": "a",
                                "text": "Wait for the manager, who holds the "
                                "authority to roll back.",
                                "correct": False,
                            },
                            {
                                "id": "b",
                                "text": (
                                    "The team leader, as named deputy, disables the "
                                    "flag now and the incident is investigated."
                                ),
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": "Keep running and add it to the issues "
                                "log for the weekly review.",
                                "correct": False,
                            },
                            {
                                "id": "d",
                                "text": "Ask an engineer to change the prompt in "
                                "production straight away.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "Leaking personal data is a rollback trigger, and the "
                            "plan names a deputy precisely so that nobody has to "
                            "wait. Roll back first, then investigate."
                        ),
                    },
                    {
                        "id": "q5",
                        "kind": "single",
                        "prompt": (
                            "At a go/no-go review, adoption is 68% against an exit "
                            "criterion of 75%; all other criteria are met. The "
                            "product manager proposes lowering the criterion to 65%. "
                            "What is the best response?"
                        ),
                        "options": [
                            {
                                "id": "a",
                                "text": "Agree, since the other criteria are met.",
                                "correct": False,
                            },
                            {
                                "id": "b",
                                "text": (
                                    "Mark it not met and choose between go with "
                                    "conditions and extend, with an owner and a "
                                    "date, without redefining the criterion."
                                ),
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": "Stop the rollout immediately.",
                                "correct": False,
                            },
                            {
                                "id": "d",
                                "text": "Roll back to the manual process.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "Criteria are not redefined in the meeting. A small, "
                            "non-safety shortfall fits 'go with conditions' or "
                            "'extend'; stopping or rolling back is for failures that "
                            "threaten safety or value."
                        ),
                    },
                ],
            },
        ),
    ],
)

# ---------------------------------------------------------------------------
# Course 4: Operating models and escalation paths
# ---------------------------------------------------------------------------

_MODEL_COMPARISON = (
    "Dimension              Centralised     Decentralised    Hybrid\n"
    "---------------------  --------------  ---------------  ---------------\n"
    "Speed to first pilot   slow            fast             medium\n"
    "Standards and risk     strong          weak             strong\n"
    "Business ownership     weak            strong           strong\n"
    "Platform cost          low             high             low to medium\n"
    "Main failure mode      bottleneck      sprawl           blurred roles\n"
    "Fits best              early stage,    mature, low-     most mid-sized\n"
    "                       heavy regulation risk functions  companies"
)

_FORUMS = (
    "Forum                  Cadence      Chair            Decides\n"
    "---------------------  -----------  ---------------  --------------------------\n"
    "AI portfolio board     monthly      CFO              funding, priorities, stops\n"
    "Design authority       fortnightly  Head of AI       platforms and vendors\n"
    "AI Review Board        fortnightly  Governance lead  tier 2-3 approvals\n"
    "Community of practice  monthly      rotating         nothing: shares learning"
)

_RACI = (
    "Tier 2 systems        R = responsible  A = accountable  C = consulted\n"
    "                      I = informed     - = not involved\n"
    "\n"
    "Activity                     ProdMgr  BizOwner  HubEng  GovLead  Board\n"
    "---------------------------  -------  --------  ------  -------  -----\n"
    "Use-case brief and risk tier   R        A         C       C        I\n"
    "Model card and evaluation      C        I         A/R     C        -\n"
    "Approval to pilot              R        C         C       A        I\n"
    "Go/no-go to expand             R        A         C       C        I\n"
    "Production monitoring          I        I         A/R     I        -\n"
    "Decision to stop or roll back  C        A         R       I        I\n"
    "Post-incident review           R        A         C       C        I\n"
    "Annual re-approval             R        C         C       A        I"
)

_MODELS_LESSON = LessonSpec(
    slug="centralised-decentralised-hybrid",
    title="Centralised, decentralised and hybrid operating models",
    minutes=18,
    summary=(
        "The three operating models, their trade-offs and failure modes, and how "
        "Northwind moved from accidental sprawl to hub and spoke."
    ),
    body=[
        ("heading", "What an operating model decides"),
        (
            "rich_text",
            "<p>An AI operating model answers four questions: who decides which use "
            "cases are pursued, who builds and runs them, who owns the platforms and "
            "data, and who is accountable when something goes wrong. Few companies "
            "choose one deliberately; it accumulates through budget decisions and "
            "vendor purchases. Choosing deliberately is much cheaper than untangling "
            "the result later.</p>",
        ),
        ("heading", "Three models and their trade-offs"),
        (
            "rich_text",
            "<p><strong>Centralised.</strong> One AI team, often called a centre of "
            "excellence, holds the specialists, the platform, the budget and the "
            "decisions. Functions request work and the central team prioritises it. "
            "Its strengths are consistent standards and governance, one shared "
            "platform, efficient use of scarce experts and a single view of risk. "
            "Its weaknesses: it becomes a bottleneck, and distance from the business "
            "produces technically good solutions to the wrong problems.</p>"
            "<p><strong>Decentralised.</strong> Each function hires its own people, "
            "buys its own tools and runs its own use cases. It is close to the work, "
            "quick to start and strongly owned by the business. It also duplicates "
            "platforms and contracts, produces uneven standards and governance gaps, "
            "spreads skills thinly, and leaves nobody able to see total cost or "
            "risk.</p>"
            "<p><strong>Hybrid, or hub and spoke.</strong> A central hub owns the "
            "platform, standards, governance and scarce expertise. Spokes in each "
            "function own use-case selection, product management and adoption, with "
            "embedded or seconded specialists. It combines shared foundations with "
            "business ownership, but it needs explicit decision rights, or hub and "
            "spokes spend their energy arguing about who owns what.</p>",
        ),
        (
            "code",
            {
                "language": "text",
                "code": _MODEL_COMPARISON,
                "caption": "The trade-offs at a glance",
            },
        ),
        ("heading", "Northwind's path"),
        (
            "rich_text",
            "<p>Northwind became decentralised without meaning to. By 2023, customer "
            "service, sales and HR had each bought a different chatbot product, "
            "finance had a contractor building models on a laptop, and IT found 14 AI "
            "tools on expense claims. Overlapping licences cost about £180k a year, "
            "nobody could list which systems used customer data, and two pilots had "
            "stalled waiting for data access that no single function could "
            "grant.</p>"
            "<p>An attempt to centralise everything in IT was resisted by the "
            "functions, which feared losing control of their priorities. The model "
            "now in place is hub and spoke: a hub of nine people in IT and data "
            "(platform and MLOps engineers, a governance lead and two senior data "
            "scientists), and spokes in finance, operations and customer service, "
            "each with an AI product manager reporting into the function. Sales and "
            "HR, with fewer use cases, are served directly by the hub until their "
            "volume justifies a spoke. Within a year, licence spend fell by £110k "
            "and the number of pilots reaching production rose from one to five.</p>",
        ),
        (
            "callout",
            {
                "kind": "tip",
                "title": "Operating models evolve",
                "text": (
                    "<p>Many companies move from scattered experiments to a strong "
                    "centre that sets standards, then loosen into hub and spoke as "
                    "functions build capability. Review the model once a year "
                    "against three symptoms: queues at the centre, duplicated spend, "
                    "and governance gaps.</p>"
                ),
            },
        ),
        (
            "key_takeaways",
            [
                "An operating model sets who chooses use cases, who builds and runs "
                "them, who owns platforms and data, and who is accountable.",
                "Centralised models bring consistency but become bottlenecks; "
                "decentralised models are fast but sprawl.",
                "Hub and spoke keeps platforms and governance central while "
                "functions own use cases and adoption.",
                "A hybrid model needs explicit decision rights, or hub and spokes "
                "will argue over ownership.",
            ],
        ),
    ],
)

_ROLES_LESSON = LessonSpec(
    slug="roles-forums-and-funding",
    title="Roles, forums and funding",
    minutes=17,
    summary=(
        "The named roles, the small set of decision forums and the funding "
        "mechanisms that make a hub-and-spoke model work."
    ),
    body=[
        ("heading", "Roles that make the model work"),
        (
            "rich_text",
            "<ul>"
            "<li><strong>Head of AI (hub lead)</strong>: owns the platform roadmap, "
            "standards and the portfolio view; accountable for the hub's "
            "budget.</li>"
            "<li><strong>Platform and MLOps engineers (hub)</strong>: run the shared "
            "model platform, registry, monitoring and deployment pipelines.</li>"
            "<li><strong>AI governance lead (hub)</strong>: runs risk classification, "
            "the AI Register and approvals; the link to legal, privacy and internal "
            "audit.</li>"
            "<li><strong>AI product manager (spoke)</strong>: owns use-case "
            "selection, briefs, rollout and KPIs in the function; the person the "
            "sponsor holds to account for outcomes.</li>"
            "<li><strong>Business owner (spoke)</strong>: a senior manager who owns "
            "the process the AI changes and the decision to keep it running.</li>"
            "<li><strong>Data owners and stewards</strong>: grant access and answer "
            "for the quality of the data sets that models depend on.</li>"
            "<li><strong>Champions</strong>: practitioners in each team who support "
            "colleagues and feed back issues.</li>"
            "</ul>"
            "<p>The test of a role is whether anyone can name the person who holds "
            "it. 'The business' is not an owner.</p>",
        ),
        ("heading", "Forums and their cadence"),
        (
            "rich_text",
            "<p>Forums are where decisions are made and conflicts settled. Too few, "
            "and decisions happen in corridors; too many, and nothing moves. Each "
            "forum needs a chair, a cadence and a written scope of what it decides. "
            "Northwind runs four.</p>",
        ),
        (
            "code",
            {
                "language": "text",
                "code": _FORUMS,
                "caption": "Northwind's AI forums",
            },
        ),
        ("heading", "Funding"),
        (
            "rich_text",
            "<p>How AI is funded shapes behaviour more than any policy does. "
            "Northwind uses three mechanisms.</p>"
            "<ul>"
            "<li><strong>The hub is funded centrally</strong> as shared "
            "infrastructure, at about £1.4m a year. Charging functions for basic "
            "platform use would discourage exactly the experimentation the platform "
            "exists for.</li>"
            "<li><strong>Use cases are funded by the function that "
            "benefits</strong>, in stages: a small amount, typically £15k to £40k, "
            "for the sandbox, released by the portfolio board, and more for the "
            "small-group and expand phases only after a go decision. This keeps "
            "sponsors committed and makes stopping cheap.</li>"
            "<li><strong>Run costs are shown back</strong> to each function monthly: "
            "inference, licences and support per use case. Showback makes cost "
            "visible without creating an internal invoicing industry; Northwind "
            "will move to a real chargeback for use cases costing more than £5k a "
            "month.</li>"
            "</ul>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Innovation budgets without an exit",
                "text": (
                    "<p>A central 'innovation fund' with no stage gates and no "
                    "co-funding from the business is how pilot purgatory gets "
                    "financed. If no function will put in its own money after the "
                    "sandbox, that tells you something about the value.</p>"
                ),
            },
        ),
        (
            "key_takeaways",
            [
                "Every role in the operating model needs a named holder; 'the "
                "business' is not an owner.",
                "A small set of forums with a chair, a cadence and a clear scope "
                "beats many informal meetings.",
                "Fund the shared hub centrally, and fund use cases through the "
                "benefiting function in stages.",
                "Show run costs to each function so that cost grows visibly with "
                "usage.",
            ],
        ),
    ],
)

_GOVERNANCE_LESSON = LessonSpec(
    slug="governance-and-escalation-paths",
    title="Governance and escalation paths",
    minutes=20,
    summary=(
        "Risk-tiered approvals, a RACI for decision rights and a four-level "
        "escalation path, shown on a real Northwind incident."
    ),
    body=[
        ("heading", "Governance proportionate to risk"),
        (
            "rich_text",
            "<p>Governance fails in two directions. Too light, and high-risk systems "
            "reach customers unchecked. Too heavy, and teams route around it with "
            "shadow tools. The answer is tiering: under Northwind's AI policy every "
            "use is placed in one of three tiers, or is prohibited, when the brief is "
            "written, and the tier sets the approvals.</p>"
            "<ul>"
            "<li><strong>Tier 1, low.</strong> Internal, reversible, a person "
            "reviews outputs, no Confidential data. Approval: business owner plus an "
            "entry in the AI Register. Example: IT ticket routing.</li>"
            "<li><strong>Tier 2, medium.</strong> Customer-facing or uses personal "
            "data, but a person decides and effects are reversible. Approval: "
            "governance review, data protection screening, a named business owner "
            "and a model card. Example: customer email drafting.</li>"
            "<li><strong>Tier 3, high.</strong> Materially affects a person's money, "
            "job, access to a service or legal position, or takes automated actions "
            "at scale. Approval: the AI Review Board, a full data protection impact "
            "assessment, independent bias testing, a model card and a monitoring "
            "plan, with re-approval every six months. Example: credit limits for "
            "small business customers suggested to the credit team.</li>"
            "<li><strong>Prohibited.</strong> For example, fully automated decisions "
            "on hiring, pay or credit with no meaningful human review. There is no "
            "approval route.</li>"
            "</ul>",
        ),
        ("heading", "Decision rights: a RACI"),
        (
            "rich_text",
            "<p>A RACI chart makes decision rights explicit. "
            "<strong>R</strong>esponsible does the work; "
            "<strong>A</strong>ccountable owns the outcome, and there is exactly one "
            "per activity; <strong>C</strong>onsulted gives input "
            "before; <strong>I</strong>nformed is told after. This is the chart "
            "Northwind uses for tier 2 systems.</p>",
        ),
        (
            "code",
            {
                "language": "text",
                "code": _RACI,
                "caption": "RACI for tier 2 AI systems at Northwind",
            },
        ),
        ("heading", "Escalation paths"),
        (
            "rich_text",
            "<p>An escalation path says who is told, by whom, how quickly, and who "
            "may decide what at each level. It must work at 7 a.m. on a Saturday, so "
            "it names roles with on-call cover, not individuals who may be on "
            "holiday.</p>"
            "<ol>"
            "<li><strong>Level 1: user or reviewer.</strong> Spots a wrong or harmful "
            "output, rejects it and reports it with one click or to the team leader. "
            "Anyone may always refuse to use an output.</li>"
            "<li><strong>Level 2: product manager and on-call engineer</strong>, "
            "within four working hours, or one hour for customer-facing harm. They "
            "triage whether it is a one-off or a pattern, and may apply a fix or "
            "switch off a feature.</li>"
            "<li><strong>Level 3: business owner and AI governance lead</strong>, the "
            "same day. They decide on rollback, on contacting customers and on "
            "whether the incident is reportable; a personal data breach must be "
            "notified to the regulator within 72 hours.</li>"
            "<li><strong>Level 4: portfolio board chair and executive team</strong>, "
            "for tier 3 systems, regulatory reporting or serious reputational "
            "risk.</li>"
            "</ol>"
            "<p>Two rules keep the path honest. Anyone at any level may stop the "
            "system while harm is ongoing and explain afterwards; the RACI's "
            "accountable owner confirms or reverses the stop, and stopping in good "
            "faith is never a disciplinary matter. And every escalation receives a "
            "written outcome, even 'no action needed', so the person who raised it "
            "knows it was heard.</p>",
        ),
        (
            "callout",
            {
                "kind": "warning",
                "title": "Scenario: refunds above policy",
                "text": (
                    "<p>On a Tuesday in October, a customer service agent noticed "
                    "drafts offering goodwill refunds of £150 to £250, against a "
                    "policy cap of £50 without manager approval. She rejected them "
                    "and reported it (level 1). The on-call engineer traced the cause "
                    "to a knowledge article updated the day before and, within the "
                    "hour, switched off drafting for refund queries (level 2). The "
                    "business owner and governance lead reviewed the 37 refund "
                    "drafts sent that day, found four customers had been promised "
                    "above-policy refunds, chose to honour them and logged the "
                    "incident (level 3). No level 4 escalation was needed.</p>"
                ),
            },
        ),
        (
            "key_takeaways",
            [
                "Tier governance by risk, so that approvals are proportionate and "
                "teams have no reason to route around them.",
                "A RACI makes decision rights explicit, with exactly one accountable "
                "role per activity.",
                "Escalation paths name roles, response times and decision rights at "
                "each level, with on-call cover.",
                "Anyone may stop a system while harm is ongoing, and every "
                "escalation gets a written outcome.",
            ],
        ),
        (
            "knowledge_check",
            {
                "title": "Check your understanding: operating models and governance",
                "questions": [
                    {
                        "id": "q1",
                        "kind": "single",
                        "prompt": (
                            "Each function at a company has bought its own chatbot, "
                            "and nobody can list which systems use customer data. "
                            "Which operating model does this describe, and what is "
                            "its typical failure mode?"
                        ),
                        "options": [
                            {
                                "id": "a",
                                "text": "Centralised; the centre becomes a bottleneck.",
                                "correct": False,
                            },
                            {
                                "id": "b",
                                "text": "Decentralised; sprawl, duplicated spend "
                                "and governance gaps.",
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": "Hybrid; blurred roles between hub and spokes.",
                                "correct": False,
                            },
                            {
                                "id": "d",
                                "text": "Centralised; solutions too far from the "
                                "business.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "Independent buying by each function is the mark of a "
                            "decentralised model, and duplicated tools with no "
                            "shared view of data use is its typical failure. This "
                            "was Northwind's position in 2023."
                        ),
                    },
                    {
                        "id": "q2",
                        "kind": "multiple",
                        "prompt": (
                            "In a hub-and-spoke model, which responsibilities "
                            "normally sit with the hub? Select all that apply."
                        ),
                        "options": [
                            {
                                "id": "a",
                                "text": "Running the shared model platform and "
                                "MLOps pipelines.",
                                "correct": True,
                            },
                            {
                                "id": "b",
                                "text": "AI standards, risk classification and the "
                                "AI Register.",
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": "Choosing which use cases the finance "
                                "function pursues.",
                                "correct": False,
                            },
                            {
                                "id": "d",
                                "text": "Driving adoption within customer service "
                                "teams.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "The hub owns shared foundations: platform, standards "
                            "and governance. Use-case selection and adoption belong "
                            "to the spokes, close to the work."
                        ),
                    },
                    {
                        "id": "q3",
                        "kind": "true_false",
                        "prompt": (
                            "In a RACI chart, an activity may have several "
                            "accountable roles, as long as they agree with each "
                            "other."
                        ),
                        "options": [
                            {"id": "true", "text": "True", "correct": False},
                            {"id": "false", "text": "False", "correct": True},
                        ],
                        "explanation": (
                            "Exactly one role is accountable for each activity. "
                            "Shared accountability means that, when something goes "
                            "wrong, nobody is."
                        ),
                    },
                    {
                        "id": "q4",
                        "kind": "single",
                        "prompt": (
                            "On a Saturday morning, the on-call engineer sees the "
                            "email drafting tool inserting other customers' order "
                            "details into drafts. The business owner cannot be "
                            "reached. What should the engineer do?"
                        ),
                        "options": [
                            {
                                "id": "a",
                                "text": "Wait until Monday, because the business "
                                "owner is accountable for stopping.",
                                "correct": False,
                            },
                            {
                                "id": "b",
                                "text": (
                                    "Stop the system now, since anyone may stop it "
                                    "while harm is ongoing, then escalate and "
                                    "record the decision."
                                ),
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": "Log it for the next AI Review Board.",
                                "correct": False,
                            },
                            {
                                "id": "d",
                                "text": "Post it in the community of practice for "
                                "advice.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "Ongoing harm, here a likely personal data breach with "
                            "a 72-hour reporting clock, justifies an immediate stop. "
                            "The accountable owner confirms or reverses the stop "
                            "afterwards."
                        ),
                    },
                    {
                        "id": "q5",
                        "kind": "single",
                        "prompt": "Which funding arrangement best guards against "
                        "pilot purgatory?",
                        "options": [
                            {
                                "id": "a",
                                "text": "A central innovation fund with no stage "
                                "gates.",
                                "correct": False,
                            },
                            {
                                "id": "b",
                                "text": (
                                    "Co-funding by the benefiting function, released "
                                    "in stages after go/no-go decisions."
                                ),
                                "correct": True,
                            },
                            {
                                "id": "c",
                                "text": "Letting each vendor fund its own pilot.",
                                "correct": False,
                            },
                            {
                                "id": "d",
                                "text": "Charging functions for every experiment "
                                "on the shared platform.",
                                "correct": False,
                            },
                        ],
                        "explanation": (
                            "Staged co-funding keeps sponsors committed and makes "
                            "stopping cheap. Ungated central money finances "
                            "purgatory, and charging for experiments discourages "
                            "the early tests the platform exists for."
                        ),
                    },
                ],
            },
        ),
    ],
)

# ---------------------------------------------------------------------------
# Courses
# ---------------------------------------------------------------------------

COURSES: list[CourseSpec] = [
    CourseSpec(
        slug="choosing-ai-use-cases",
        title="Choosing AI use cases that reach production",
        summary=(
            "Score AI ideas on value, feasibility, data and risk, stop weak pilots "
            "early, and capture each use case on one page a sponsor can sign."
        ),
        level="foundation",
        skills=[
            ("use-case-selection", 3),
            ("ai-risk-assessment", 1),
            ("data-quality-assessment", 1),
        ],
        lessons=[_SCORING_LESSON, _KILLING_LESSON, _BRIEF_LESSON],
    ),
    CourseSpec(
        slug="measuring-ai-impact",
        title="Measuring AI: KPIs defined before deployment",
        summary=(
            "Define operational KPIs and baselines before go-live, design a fair "
            "comparison, and report results that support a real decision."
        ),
        level="practitioner",
        skills=[
            ("kpi-measurement-frameworks", 3),
            ("workflow-integration", 1),
        ],
        lessons=[_KPI_LESSON, _DESIGN_LESSON, _REPORTING_LESSON],
    ),
    CourseSpec(
        slug="phased-rollout",
        title="Phased rollout: from sandbox to scale",
        summary=(
            "Take an AI system from sandbox to a small real group to wider use, "
            "with exit criteria, a redesigned workflow and a tested way back."
        ),
        level="practitioner",
        skills=[
            ("phased-rollout-planning", 3),
            ("workflow-integration", 2),
            ("escalation-and-incident-ownership", 1),
        ],
        lessons=[_PHASES_LESSON, _WORKFLOW_LESSON, _ROLLBACK_LESSON],
        prerequisites=["choosing-ai-use-cases"],
    ),
    CourseSpec(
        slug="ai-operating-models",
        title="Operating models and escalation paths",
        summary=(
            "Choose between centralised, decentralised and hub-and-spoke models, "
            "and set up the roles, forums, funding and escalation paths that make "
            "them work."
        ),
        level="advanced",
        skills=[
            ("operating-model-design", 3),
            ("model-governance-and-approvals", 2),
            ("escalation-and-incident-ownership", 2),
        ],
        lessons=[_MODELS_LESSON, _ROLES_LESSON, _GOVERNANCE_LESSON],
    ),
]
