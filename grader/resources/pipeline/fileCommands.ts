// GITHUB_OUTPUT and GITHUB_ENV as a step leaves them: `name=value` lines, or a heredoc
// `name<<DELIMITER` ... `DELIMITER` for a multi-line value (GitHub's format).
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    const eq = line.indexOf("=");
    if (heredoc && (eq < 0 || eq > line.indexOf("<<"))) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
      if (i >= lines.length) throw new Error(`${name}: the heredoc's delimiter ${delimiter} never comes`);
      out[name] = value.join("\n");
    } else if (eq > 0) {
      out[line.slice(0, eq)] = line.slice(eq + 1);
    } else {
      throw new Error(`"${line.slice(0, 60)}" is neither name=value nor name<<DELIMITER`);
    }
  }
  return out;
}

/** GITHUB_PATH: one directory per line, each put before the PATH of the steps that follow. */
export function parsePathFile(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
}
