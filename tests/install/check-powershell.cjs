// Syntax check of PowerShell scripts without PowerShell (Debian has none): parses each file with the
// tree-sitter PowerShell grammar and reports every ERROR or MISSING node with its line and column.
//   node tests/install/check-powershell.cjs FILE.ps1...
// Exit status: 0 all parse, 1 a syntax error, 3 the npm packages tree-sitter and tree-sitter-powershell
// are not installed (looked up from the repository, then NODE_PATH). A grammar is not PowerShell's own
// parser: it catches unbalanced brackets, broken statements and strings, not unknown cmdlets.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL } = require('url');

const searchPaths = [path.resolve(__dirname, '../..'), ...(process.env.NODE_PATH || '').split(path.delimiter).filter(Boolean)];

function resolve(name) {
  try {
    return require.resolve(name, { paths: searchPaths });
  } catch {
    return null;
  }
}

(async () => {
  const parserPath = resolve('tree-sitter');
  const grammarPath = resolve('tree-sitter-powershell');
  if (!parserPath || !grammarPath) {
    console.error('check-powershell: the npm packages tree-sitter and tree-sitter-powershell are not installed');
    process.exit(3);
  }
  const Parser = require(parserPath);
  const grammar = await import(pathToFileURL(grammarPath).href);
  const parser = new Parser();
  parser.setLanguage(grammar.default);

  let errors = 0;
  for (const file of process.argv.slice(2)) {
    const tree = parser.parse(fs.readFileSync(file, 'utf8'), null, { bufferSize: 1 << 20 });
    const found = [];
    (function walk(node) {
      if (node.type === 'ERROR' || node.isMissing) found.push(node);
      else for (const child of node.children) walk(child);
    })(tree.rootNode);
    for (const node of found) {
      const where = `${file}:${node.startPosition.row + 1}:${node.startPosition.column + 1}`;
      console.log(`${where}: ${node.isMissing ? `missing ${node.type}` : 'syntax error'} near: ${node.text.split('\n')[0].slice(0, 80)}`);
    }
    errors += found.length;
  }
  process.exit(errors ? 1 : 0);
})();
