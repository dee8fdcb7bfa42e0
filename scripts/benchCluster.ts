// `npm run bench -- k8s-hpa`: the cluster lab's costs on this machine. The node image built from
// cache (and from scratch with `-- k8s-hpa --cold`: recreates the image and the cluster), the lab
// cluster created cold (deleted first) and found warm, and grades of the solution on the warm
// cluster: the whole grade, each live check, and the HPA's time from load start to 3 ready pods.
import { execa } from "execa";
import { grade } from "../grader/engine.ts";
import { makeWorkspace } from "../grader/lab/caseWorkspace.ts";
import { loadLab } from "../grader/lab/load.ts";
import { deleteCluster, ensureCluster } from "../grader/resources/kind/cluster.ts";
import { median, s, timed } from "./benchTiming.ts";

export async function benchCluster(cold: boolean): Promise<void> {
  console.log("\n== k8s-hpa (kind cluster)");
  const [, imageMs] = await timed(() => execa("bash", ["scripts/kind/build-node-image.sh", ...(cold ? ["--force"] : [])]));
  console.log(`node image ${cold ? "built from scratch" : "(cached)"}: ${s(imageMs)}`);
  await deleteCluster();
  const [, createMs] = await timed(() => ensureCluster());
  const [, warmMs] = await timed(() => ensureCluster());
  console.log(`cluster create cold (to metrics ready): ${s(createMs)}; found warm: ${s(warmMs)}`);

  const lab = await loadLab("k8s-hpa");
  const ws = await makeWorkspace(lab, "solution");
  try {
    const totals: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [report, ms] = await timed(() => grade({ lab, workspace: ws.dir }));
      totals.push(ms);
      const live = report.checks.filter((c) => c.tier === "cluster").map((c) => `${c.id} ${s(c.durationMs)}`).join(", ");
      const scale = report.checks.find((c) => c.id === "hpa-scales-under-load");
      console.log(`grade ${i + 1}: ${s(ms)}, score ${report.score}/${report.maxScore}; ${live}`);
      console.log(`  HPA: ${scale?.message}`);
    }
    console.log(`re-grade of the solution on the warm cluster: median ${s(median(totals))} (goal ≤ 90 s)`);
  } finally {
    await ws.dispose();
  }
}
