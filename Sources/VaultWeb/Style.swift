/// The web view's one style sheet, inline in every page (no outside file, font or CDN): system
/// fonts with CJK fallbacks, tables that fit a 1366×768 office screen, and a print style that
/// drops the navigation and forms and keeps table rows whole.
enum Style {
    static let sheet: StaticString = """
        :root{--ink:#1d2433;--muted:#5b6475;--line:#d7dce5;--head:#eef2f8;--changed:#fff4cc;--added:#e3f6e6;--removed:#fbe4e4;--moved:#e6effc;--accent:#1f5fbf}
        *{box-sizing:border-box}
        body{margin:0;color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;background:#fff}
        header.top{background:#1f2a44;color:#fff}
        header.top nav{max-width:1320px;margin:0 auto;padding:8px 16px;display:flex;gap:18px;align-items:center}
        header.top a{color:#fff;text-decoration:none}
        header.top a.brand{font-weight:700;margin-right:12px}
        header.top a.lang{margin-left:auto;opacity:.85}
        main{max-width:1320px;margin:0 auto;padding:8px 16px 32px}
        h1{font-size:20px;margin:12px 0 6px}
        h2{font-size:17px;margin:20px 0 6px}
        h3{font-size:15px;margin:16px 0 6px}
        h4{font-size:14px;margin:10px 0 4px}
        a{color:var(--accent)}
        table{border-collapse:collapse;width:100%;margin:6px 0 12px}
        th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
        thead th{background:var(--head);position:sticky;top:0;font-weight:600;white-space:nowrap}
        td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .mono,code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
        .digest{color:var(--muted);white-space:nowrap}
        table.submissions td{overflow-wrap:anywhere}
        table.submissions .badge,td.signature .badge{white-space:normal}
        table.submissions td.signature{max-width:220px}
        .meta{color:var(--muted);font-size:12px}
        .message{max-width:420px}
        .empty{color:var(--muted);font-style:italic}
        .error{background:var(--removed);padding:10px 12px;border-left:4px solid #c0392b}
        .badge{display:inline-block;padding:1px 7px;border-radius:9px;background:#eceff4;font-size:12px;margin:1px 2px;white-space:nowrap}
        .badge.ok{background:#dff3e3;color:#1b5e20}
        .badge.warn{background:#fff1c2;color:#7a5a00}
        .badge.bad{background:#fbdcdc;color:#8e1b1b}
        ul.notes{list-style:none;margin:4px 0;padding:0;font-size:13px}
        ul.notes li{margin:3px 0;padding:3px 6px;border-left:3px solid #e0b000;background:#fffbea}
        ul.notes li.answered,ul.notes li.replied{border-left-color:#4caf50;background:#f3faf3}
        ul.notes .figure{font-weight:600;margin-right:4px}
        ul.notes .reply{margin-left:18px}
        form.search{display:flex;gap:8px;align-items:center;margin:8px 0}
        form.search input{padding:4px 8px;min-width:260px;font:inherit}
        button,.button{font:inherit;padding:4px 12px;border:1px solid var(--accent);background:var(--accent);color:#fff;border-radius:4px;text-decoration:none;cursor:pointer}
        .actions{display:flex;gap:12px;align-items:center}
        a.api{font-size:12px}
        td.pick{text-align:center;width:3em}
        table.diff tr.section th{background:#f6f7fa;font-weight:600;border-top:2px solid var(--line)}
        table.diff tr.changed td{background:var(--changed)}
        table.diff tr.added td{background:var(--added)}
        table.diff tr.removed td{background:var(--removed)}
        table.diff tr.moved td{background:var(--moved)}
        td.label{max-width:520px}
        td.moved-note{color:var(--muted);font-style:italic}
        td.kind{white-space:nowrap;color:var(--muted)}
        .summary{color:var(--muted)}
        .text-change p.chars{white-space:pre-wrap;border:1px solid var(--line);padding:8px;border-radius:4px}
        del{background:var(--removed);color:#8e1b1b}
        ins{background:var(--added);color:#1b5e20;text-decoration:none}
        ul.findings li.new{color:#8e1b1b}
        .verify.ok{color:#1b5e20}
        .verify.bad{color:#8e1b1b;font-weight:600}
        svg.chart{width:100%;max-width:760px;height:auto;border:1px solid var(--line);border-radius:4px;background:#fbfcfe}
        svg.chart .axis{stroke:#8a93a5;stroke-width:1}
        svg.chart .grid{stroke:#e3e7ee;stroke-width:1;stroke-dasharray:3 3}
        svg.chart .series{fill:none;stroke:var(--accent);stroke-width:2}
        svg.chart .point{fill:#fff;stroke:var(--accent);stroke-width:2}
        svg.chart text{font-size:11px;fill:var(--muted)}
        svg.chart .bar{fill:var(--accent)}
        table.overview th a{color:inherit;text-decoration:none}
        table.overview tfoot th,table.overview tfoot td{border-top:2px solid var(--line);font-weight:600}
        svg.chart .point.submitted{fill:#1b5e20;stroke:#1b5e20}
        svg.chart text.submitted{fill:#1b5e20;font-weight:600}
        table.record{width:auto;margin:4px 0 10px}
        table.record th{color:var(--muted);font-weight:600;white-space:nowrap}
        footer{max-width:1320px;margin:0 auto;padding:12px 16px;color:var(--muted);font-size:12px;border-top:1px solid var(--line)}
        @media print{
          header.top,form.search,.actions,a.api,footer,td.pick,th:empty,button{display:none!important}
          body{font-size:11px;color:#000}
          main{max-width:none;padding:0}
          thead th{position:static;background:#eee!important}
          tr{page-break-inside:avoid}
          a{color:#000;text-decoration:none}
          table.diff tr.changed td,table.diff tr.added td,table.diff tr.removed td,table.diff tr.moved td{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        }
        """
}
