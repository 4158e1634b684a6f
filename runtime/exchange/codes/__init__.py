"""National code lists (国家代码表) as data: one YAML file per list, each naming its source and how sure it is.

Loaded by :func:`onewindow.runtime.exchange.national.load_code_lists`; the files ship with the package.
"""
