// Runs after `npm install` in this repo (`prepare`: never when the package is installed as a dependency): with a system Node older than the package's, say which Node the repo uses.
// Plain JavaScript for any Node npm runs on. npm's EBADENGINE warnings are hidden by .npmrc (loglevel
// error): they would only say the same thing, at length, before anything else.
const agentNode = /\bnode\/v(\d+)\.(\d+)/.exec(process.env.npm_config_user_agent ?? '');
const major = agentNode ? Number(agentNode[1]) : undefined;
const minor = agentNode ? Number(agentNode[2]) : undefined;
// Only for an install (prepare also runs for npm pack, whose stdout may be JSON); on stderr.
const installing = ['install', 'ci', 'i'].includes(process.env.npm_command ?? 'install');
if (installing && major !== undefined && minor !== undefined && (major < 22 || (major === 22 && minor < 12))) {
  console.error(
    `saas-litellm: your Node is v${major}.${minor}; this repo runs its scripts (npm test, npm run tour, npm run example) on the Node 24 it installs ` +
      '(the `node` devDependency, first on the PATH of npm scripts), so nothing else is needed. The package itself needs Node >= 22.12 where you use it.',
  );
}
