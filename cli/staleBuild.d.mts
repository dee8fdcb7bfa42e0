// Types of staleBuild.mjs (plain JavaScript, loaded by the bin before anything is compiled).
export declare const STAMP: string;
/** Why dist/ does not match the sources, or undefined when it does. */
export declare function staleBuild(root: string): string | undefined;
