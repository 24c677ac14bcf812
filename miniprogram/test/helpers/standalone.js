// A rendered page as a standalone HTML file: the simulator's DOM with the
// app's and the page's wxss, rpx turned into px at a 375 px wide screen.
const fs = require('fs')
const path = require('path')
const { ROOT } = require('./page.js')

const WIDTH = 375

// The built-in tags the pages use, laid out as WeChat lays them out.
const BASE = `
html, body { margin: 0; }
wx-view, wx-picker, wx-canvas, wx-button, main { display: block; }
wx-text { display: inline; }
wx-button { padding: 8px; text-align: center; border: 1px solid #ddd; border-radius: 5px; background: #f8f8f8; }
`

function rpx(css) {
  return css.replace(/(-?\d*\.?\d+)rpx/g, (_, n) => Number(((Number(n) * WIDTH) / 750).toFixed(3)) + 'px')
}

// prefix adds the simulator's class prefix, as miniprogram-simulate does.
function prefix(css, tag) {
  return css.replace(/(^|[^\w-])\.([-_a-zA-Z][-_a-zA-Z0-9]*)(?=[^{}]*\{)/g, (all, before, cls) => before + '.' + tag + '--' + cls)
}

function wxss(file) {
  return fs.readFileSync(path.join(ROOT, file), 'utf8')
}

// write puts the page's HTML at file and returns it.
function write(rendered, pageName, file) {
  const css = [wxss('app.wxss'), wxss(path.join('pages', pageName, pageName + '.wxss'))]
    .map(s => rpx(prefix(s, 'main')).replace(/(^|\n)page\s*\{/g, '$1body {'))
    .join('\n')
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=${WIDTH}">
<style>${BASE}
${css}</style>
</head>
<body>
${rendered.dom.outerHTML}
</body>
</html>
`
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, html)
  return html
}

module.exports = { write, rpx, prefix }
