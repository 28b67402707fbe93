# Collects browser console messages during a test (fixture example).
messages = []
def on_console(msg):
    messages.append(msg.text)
