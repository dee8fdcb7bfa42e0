// Which installed Debian packages came from another release than the machine's own, decided from
// `apt-cache madison` (it lists the versions each configured suite carries, not dpkg's status).
// A version the base release also carries (bookworm, -updates, -security) counts as the base's: the
// same build, whichever suite apt fetched it from.

/** Installed "package<TAB>version" lines (dpkg-query -W -f='${Package}\t${Version}\n') as a map. */
export function parseInstalled(dpkgQuery: string): Map<string, string> {
  const installed = new Map<string, string>();
  for (const line of dpkgQuery.split("\n")) {
    const [name, version] = line.trim().split("\t");
    if (name && version) installed.set(name, version);
  }
  return installed;
}

/** The suites (codename or codename-updates/-security) that carry each "package version". */
export function parseMadison(madison: string): Map<string, Set<string>> {
  const suites = new Map<string, Set<string>>();
  for (const line of madison.split("\n")) {
    const [name, version, source] = line.split("|").map((f) => f.trim());
    // source: "http://deb.debian.org/debian trixie/main amd64 Packages"
    const suite = source?.split(/\s+/)[1]?.split("/")[0];
    if (!name || !version || !suite) continue;
    const key = `${name} ${version}`;
    suites.set(key, (suites.get(key) ?? new Set()).add(suite));
  }
  return suites;
}

/** Installed packages whose version `release` carries and no suite of `base` does, sorted. */
export function installedOnlyFrom(installed: Map<string, string>, madison: string, release: string, base: string): string[] {
  const suites = parseMadison(madison);
  const isBase = (suite: string) => suite === base || suite.startsWith(`${base}-`);
  return [...installed]
    .filter(([name, version]) => {
      const from = [...(suites.get(`${name} ${version}`) ?? [])];
      return from.includes(release) && !from.some(isBase);
    })
    .map(([name]) => name)
    .sort();
}
