"""What every service shares instead of copying: the operation table, the store, paging, tags,
ARNs, the patch-operation engine and the directory of globally addressed resources.

Base layer: these modules import only the standard library and mockgw's base (``clock``,
``ids``, ``errors``, ``wire``), never a service or the core.
"""
