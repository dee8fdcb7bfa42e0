// mlops-lab's entry: parse the command, run it, turn every failure into a message with a fix and
// an exit code (0 passed, 1 not passed, 2 could not grade, 130 interrupted).
import { HELP, parseCommand, type Command } from "./args.ts";
import { version } from "./env.ts";
import { describeFailure } from "./failure.ts";
import { err, out } from "./output.ts";
import { removeOwnerDir } from "../grader/process/owner.ts";
import { killAllPrograms } from "../grader/process/registry.ts";

// Commands load on demand: the Docker client libraries take seconds to import, which `--help`,
// `list` or `hint` should not pay.
async function run(command: Command): Promise<number> {
  switch (command.name) {
    case "home":
      return (await import("./commands/home.tsx")).homeCommand();
    case "help":
      await out(HELP);
      return 0;
    case "version":
      await out(`mlops-lab ${version()}`);
      return 0;
    case "list":
      return (await import("./commands/list.ts")).listCommand(command);
    case "start":
      return (await import("./commands/start.ts")).startCommand(command);
    case "grade":
      return (await import("./commands/grade.ts")).gradeCommand(command);
    case "hint":
      return (await import("./commands/hint.ts")).hintCommand(command);
    case "reset":
      return (await import("./commands/reset.ts")).resetCommand(command);
    case "clean":
      return (await import("./commands/clean.ts")).cleanCommand();
    case "doctor":
      return (await import("./commands/doctor.ts")).doctorCommand();
    case "cluster":
      return (await import("./commands/cluster.ts")).clusterCommand(command.action);
    case "dev":
      return (await import("./commands/dev.ts")).devCheckCommand(command);
    case "assess":
      return (await import("./commands/assess.ts")).assessCreateCommand(command);
    case "submit":
      return (await import("./commands/submit.ts")).submitCommand(command);
    case "verify":
      return (await import("./commands/verify.ts")).verifyCommand(command);
    case "batch":
      return (await import("./commands/batch.ts")).batchCommand(command);
  }
}

async function fail(error: unknown): Promise<never> {
  const { lines, exitCode } = describeFailure(error);
  for (const line of lines) await err(line);
  process.exit(exitCode);
}

// A reader that went away (`mlops-lab list | head`) is not an error worth a stack trace.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
});
// However the CLI ends (a third Ctrl-C, an error), no program it started outlives it. Docker
// resources it could not remove carry its owner label: the next grade removes them.
process.on("exit", () => {
  killAllPrograms("SIGKILL");
  removeOwnerDir();
});
process.on("uncaughtException", (e) => void fail(e));
process.on("unhandledRejection", (e) => void fail(e));

try {
  const code = await run(parseCommand(process.argv.slice(2)));
  // Exit explicitly: a container client or timer left by a library must not keep the CLI alive.
  process.exit(code);
} catch (error) {
  await fail(error);
}
