// The README at the root of an assessment: what a candidate needs before starting the clock.
import type { Lab } from "../lab/model.ts";
import type { AssessmentManifest } from "./types.ts";

export function candidateReadme(manifest: AssessmentManifest, labs: Lab[], opts: { offlineImages?: string } = {}): string {
  const hours = manifest.timeBoxMinutes / 60;
  const box = Number.isInteger(hours) ? `${hours} hour${hours === 1 ? "" : "s"}` : `${manifest.timeBoxMinutes} minutes`;
  const lines = [
    `# Assessment ${manifest.assessmentId}`,
    "",
    `- Candidate: ${manifest.candidate}`,
    `- Time box: **${box}** from when you start`,
    `- Labs: ${labs.map((l) => `\`${l.id}\``).join(", ")}`,
    "",
    "This folder is a git repository. Its first commits, tagged `starter`, are what you were given;",
    "your work is everything after. Commit as you go: the interviewer reads the history, and a",
    "few focused commits tell your story better than one at the end.",
    "",
    "## The task",
    "",
    ...labs.flatMap((lab) => [
      `### ${lab.title} (\`${lab.id}/\`, v${lab.version}, ${lab.level}, about ${lab.minutes} min)`,
      "",
      `Read \`${lab.id}/README.md\` (or \`${lab.id}/LAB.md\`): the task, its constraints and how it is graded.`,
      `Passing needs ${lab.passMark}% of the points${lab.checks.some((c) => c.required) ? " and every required check" : ""}.`,
      "",
      "| Check | Points | Required |",
      "|---|---:|:---:|",
      ...lab.checks.map((c) => `| ${c.title} (\`${c.id}\`) | ${c.weight} | ${c.required ? "yes" : ""} |`),
      "",
    ]),
    "## What you may use",
    "",
    "Anything you would use at work: documentation, search, your editor, Docker, the `mlops-lab`",
    "tool. Do the work yourself; the interviewer will ask you about it.",
    "",
    ...(opts.offlineImages
      ? [
          "## No registry in the room",
          "",
          `The base images the labs build on are in \`${opts.offlineImages}\` (not part of the repository):`,
          "",
          "```",
          `docker load -i ${opts.offlineImages}`,
          "```",
          "",
        ]
      : []),
    "## Checking your work",
    "",
    "In a lab's folder, `mlops-lab grade` grades it as often as you like (the same checks the",
    "interviewer runs). `mlops-lab hint <lab>` reveals a hint; hints are recorded in your submission" +
      (manifest.hintCostPercent > 0 ? ` and each costs ${manifest.hintCostPercent}% of its check's points.` : "."),
    "",
    "## Submitting",
    "",
    "At the root of this folder:",
    "",
    "```",
    "mlops-lab submit",
    "```",
    "",
    "It grades every lab once more, commits what is not committed yet as a final \"submit\" commit,",
    "and writes one file, `submission-<assessment>.mlsub`, signed, with its SHA-256. Send the file",
    "and the SHA-256 to your interviewer. The interviewer re-grades your work on their side with",
    "the same lab versions: your own grade is for you, theirs is the verdict.",
    "",
  ];
  return lines.join("\n");
}
