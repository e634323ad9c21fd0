import js from "@eslint/js";
import { join } from "node:path";
import tseslint from "typescript-eslint";
import { directionRule } from "./eslint/rooms.js";

const srcDir = join(import.meta.dirname, "src");

/** Calls on an Octokit client: only github/ makes them. */
const apiCall = (selector) => ({
  selector,
  message: "only github/ talks to GitHub's API: add a method to the port (github/port.ts)",
});

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "fixtures/**/repo/**"] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": [
        "error",
        { checksVoidReturn: { arguments: false } },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/**/*.ts", "src/**/*.mts"],
    plugins: { rooms: { rules: { direction: directionRule(srcDir) } } },
    rules: { "rooms/direction": "error" },
  },
  {
    files: ["src/**/*.ts", "src/**/*.mts"],
    ignores: ["src/github/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        apiCall(
          "MemberExpression[property.name=/^(rest|request|graphql|paginate)$/][object.name=/octokit/i]",
        ),
        apiCall(
          "MemberExpression[property.name=/^(rest|request|graphql|paginate)$/][object.property.name='octokit']",
        ),
      ],
    },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    ...tseslint.configs.disableTypeChecked,
  },
);
