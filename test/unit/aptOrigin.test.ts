import { describe, expect, it } from "vitest";
import { installedOnlyFrom, parseInstalled } from "../helpers/aptOrigin.ts";

// Shaped like `apt-cache madison` on Debian 12 with a trixie source.
const MADISON = `
     libc6 | 2.41-12+deb13u5 | http://deb.debian.org/debian trixie/main amd64 Packages
     libc6 | 2.36-9+deb12u14 | http://deb.debian.org/debian bookworm/main amd64 Packages
     libc6 | 2.36-9+deb12u7 | http://deb.debian.org/debian-security bookworm-security/main amd64 Packages
 docker.io | 26.1.5+dfsg1-9+deb13u1+b1 | http://deb.debian.org/debian trixie/main amd64 Packages
 docker.io | 20.10.24+dfsg1-1+deb12u1+b6 | http://deb.debian.org/debian bookworm/main amd64 Packages
libsort-naturally-perl |     1.03-4 | http://deb.debian.org/debian bookworm/main amd64 Packages
libsort-naturally-perl |     1.03-4 | http://deb.debian.org/debian trixie/main amd64 Packages
   openssl | 3.0.22-1~deb12u2 | http://deb.debian.org/debian bookworm-updates/main amd64 Packages
   openssl | 3.5.1-1 | http://deb.debian.org/debian trixie/main amd64 Packages
`;

describe("installedOnlyFrom", () => {
  it("lists a package whose installed version only trixie carries", () => {
    const installed = parseInstalled("libc6\t2.41-12+deb13u5\ndocker.io\t26.1.5+dfsg1-9+deb13u1+b1\n");
    expect(installedOnlyFrom(installed, MADISON, "trixie", "bookworm")).toEqual(["docker.io", "libc6"]);
  });

  it("counts a version bookworm also carries (main, -updates or -security) as bookworm's", () => {
    const installed = parseInstalled("libc6\t2.36-9+deb12u7\nlibsort-naturally-perl\t1.03-4\nopenssl\t3.0.22-1~deb12u2\n");
    expect(installedOnlyFrom(installed, MADISON, "trixie", "bookworm")).toEqual([]);
  });

  it("ignores versions no configured suite carries (installed by hand)", () => {
    expect(installedOnlyFrom(parseInstalled("docker.io\t27.0.0-local\n"), MADISON, "trixie", "bookworm")).toEqual([]);
  });
});
