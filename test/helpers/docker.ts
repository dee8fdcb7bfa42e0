// Asserts the grader left nothing of a run behind in Docker.
import { execa } from "execa";

export async function leftovers(label = "mlops-lab.run"): Promise<string[]> {
  const out: string[] = [];
  for (const [what, args] of [
    ["container", ["ps", "-aq", "--filter", `label=${label}`]],
    ["network", ["network", "ls", "-q", "--filter", `label=${label}`]],
    ["volume", ["volume", "ls", "-q", "--filter", `label=${label}`]],
  ] as const) {
    const res = await execa("docker", [...args]);
    for (const id of res.stdout.split("\n").filter(Boolean)) out.push(`${what} ${id}`);
  }
  return out;
}
