"""Monitoring (pemantauan, PermenPANRB 6/2022 Pasal 5): month recaps, team heat-maps, and the
files agencies hand in (Laporan Harian, e-Kinerja Progres Harian, TPP activity recap).

months   – the month value and its bounds
access   – who may see whose recap (employee: own; supervisor and Plt/Plh: subtree; admin: any
           unit subtree of the agency; the CLI operator: the agency)
data     – the queries (day totals by status, leave days, backlog, data version)
month    – one person's month (day states, reported days, approved minutes, streak, ratio)
team     – many people's month (heat-map rows, compliance)
charts   – PNG rendering with matplotlib (Agg), run in a worker thread
cache    – rendered charts per (scope, month, data version)
views    – the chat use cases that combine the above
exports  – Laporan Harian (XLSX, PDF), Progres Harian (XLSX), TPP recap (XLSX), audited
"""
