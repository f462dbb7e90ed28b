# the front door reaches the app here
bind 'tcp://127.0.0.1:8080'
workers 2
threads 1, 8
