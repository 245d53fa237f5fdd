from .pin import Pin as Pin
from .pin import PinMedia as PinMedia

__all__ = ["Pin", "PinMedia"]
