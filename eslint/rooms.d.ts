import type { Rule } from "eslint";

export const ROOMS: readonly string[];
export function roomOf(file: string, srcDir: string): string | null;
export function refusal(from: string, to: string): string | null;
export function directionRule(srcDir: string): Rule.RuleModule;
