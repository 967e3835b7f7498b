"""The SKP in chat: /skp and the assessor's decisions (flow), /skp_baru and fixing one RHK
(entry), SKP spreadsheets sent as files (files). `handlers/routers.py` includes each router."""
